import {
  FindOperator,
  type DeepPartial,
  type EntityManager,
  type EntityTarget,
  type FindManyOptions,
  type FindOneOptions,
  type FindOptionsWhere,
  type ObjectLiteral,
  type Repository,
} from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ForbiddenError } from '../common/errors';

type Where<T> = FindOptionsWhere<T> | FindOptionsWhere<T>[];

/**
 * What a plugin may do with its own table: read, count, sum, insert, update and delete rows of that
 * entity. No `manager`, `query()` or query builder: those reach every table of the core, so the
 * plugin's store hands out this wrapper instead of TypeORM's Repository.
 */
export interface PluginRepository<T extends ObjectLiteral> {
  find(options?: FindManyOptions<T>): Promise<T[]>;
  findBy(where: Where<T>): Promise<T[]>;
  findOne(options: FindOneOptions<T>): Promise<T | null>;
  findOneBy(where: Where<T>): Promise<T | null>;
  findOneByOrFail(where: Where<T>): Promise<T>;
  count(options?: FindManyOptions<T>): Promise<number>;
  countBy(where: Where<T>): Promise<number>;
  /** SUM of a numeric column over the rows matching `where` (0 when none). */
  sum(column: keyof T & string, where?: Where<T>): Promise<number>;
  insert(
    row: QueryDeepPartialEntity<T> | QueryDeepPartialEntity<T>[],
  ): Promise<{ identifiers: ObjectLiteral[] }>;
  /** Conditional update: `affected` says how many rows matched (the plugin's compare-and-set). */
  update(criteria: number | Where<T>, changes: QueryDeepPartialEntity<T>): Promise<{ affected: number }>;
  delete(criteria: number | Where<T>): Promise<{ affected: number }>;
  create(row: DeepPartial<T>): T;
}

/** Wraps `manager.getRepository(entity)`, refusing raw SQL fragments (`Raw(...)`) in conditions. */
export function pluginRepository<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  plugin: string,
): PluginRepository<T> {
  const repository: Repository<T> = manager.getRepository(entity);
  const clean = <V>(value: V): V => {
    assertNoRaw(value, plugin, new Set());
    return value;
  };
  return {
    // async, so a refused condition is a rejected promise like any other database answer.
    find: async (options) => repository.find(clean(options)),
    findBy: async (where) => repository.findBy(clean(where)),
    findOne: async (options) => repository.findOne(clean(options)),
    findOneBy: async (where) => repository.findOneBy(clean(where)),
    findOneByOrFail: async (where) => repository.findOneByOrFail(clean(where)),
    count: async (options) => repository.count(clean(options)),
    countBy: async (where) => repository.countBy(clean(where)),
    async sum(column, where) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeORM types the column by numeric keys
      return Number((await repository.sum(column as any, clean(where))) ?? 0);
    },
    async insert(row) {
      const result = await repository.insert(row);
      return { identifiers: result.identifiers };
    },
    async update(criteria, changes) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- criteria is one of TypeORM's accepted shapes
      const result = await repository.update(clean(criteria) as any, changes);
      return { affected: result.affected ?? 0 };
    },
    async delete(criteria) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- criteria is one of TypeORM's accepted shapes
      const result = await repository.delete(clean(criteria) as any);
      return { affected: result.affected ?? 0 };
    },
    create: (row) => repository.create(row),
  };
}

function assertNoRaw(value: unknown, plugin: string, seen: Set<unknown>): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (value instanceof FindOperator) {
    if (value.type === 'raw') throw new ForbiddenError(`Plugin "${plugin}" may not use raw SQL conditions`);
    assertNoRaw(value.value, plugin, seen);
    return;
  }
  if (value instanceof Date || Buffer.isBuffer(value)) return;
  for (const item of Array.isArray(value) ? value : Object.values(value)) assertNoRaw(item, plugin, seen);
}
