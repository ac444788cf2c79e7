import type { DeepPartial, FindManyOptions, FindOneOptions, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

export type Where<T> = FindOptionsWhere<T> | FindOptionsWhere<T>[];

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
