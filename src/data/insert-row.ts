import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/**
 * Inserts rows without TypeORM's follow-up SELECT (it re-reads defaulted and generated columns after
 * every `manager.insert`, one more round trip per row on the hot write paths). Returns the generated
 * id of the first row inserted for a single row: the engine reports it with the insert (MySQL's
 * insertId, SQLite's lastInsertRowid).
 */
export async function insertRow<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  values: QueryDeepPartialEntity<T>,
): Promise<number> {
  const result = await manager
    .createQueryBuilder()
    .insert()
    .into(entity)
    .values(values)
    .updateEntity(false)
    .execute();
  const raw = result.raw as number | bigint | { insertId?: number | bigint } | undefined;
  const id = typeof raw === 'number' || typeof raw === 'bigint' ? raw : raw?.insertId;
  if (id === undefined) throw new Error('The database did not report the inserted row id');
  return Number(id);
}

/** Several rows in one statement, with no follow-up SELECT. */
export async function insertRows<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  values: QueryDeepPartialEntity<T>[],
): Promise<void> {
  if (!values.length) return;
  await manager.createQueryBuilder().insert().into(entity).values(values).updateEntity(false).execute();
}
