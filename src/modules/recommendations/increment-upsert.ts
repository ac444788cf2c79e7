import type { EntityManager } from 'typeorm';
import type { DatabaseKind } from '../../data/data-source';

const ROWS_PER_STATEMENT = 300;

/**
 * Inserts rows or adds to the counters of the rows already there, in one statement per chunk: the
 * recompute job's counters grow by increments, never by read-then-write. The two dialects spell the
 * conflict clause differently (SQLite `ON CONFLICT ... excluded`, MySQL `ON DUPLICATE KEY ... VALUES()`);
 * `latest` columns keep the greater value instead of adding.
 */
export async function incrementUpsert(
  manager: EntityManager,
  kind: DatabaseKind,
  spec: {
    table: string;
    keys: string[];
    add: string[];
    set?: string[];
    latest?: string[];
    /** Written by the insert, left alone on conflict. */
    insertOnly?: string[];
  },
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  const columns = [
    ...spec.keys,
    ...spec.add,
    ...(spec.set ?? []),
    ...(spec.latest ?? []),
    ...(spec.insertOnly ?? []),
  ];
  const q = (name: string) => (kind === 'mysql' ? `\`${name}\`` : `"${name}"`);
  const perStatement = Math.max(1, Math.floor((ROWS_PER_STATEMENT * 3) / columns.length));
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    const placeholders = chunk.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
    const params = chunk.flatMap((row) => columns.map((column) => row[column]));
    const incoming = (c: string) => (kind === 'mysql' ? `VALUES(${q(c)})` : `excluded.${q(c)}`);
    const updates = [
      ...spec.add.map((c) => `${q(c)} = ${q(c)} + ${incoming(c)}`),
      ...(spec.set ?? []).map((c) => `${q(c)} = ${incoming(c)}`),
      ...(spec.latest ?? []).map(
        (c) => `${q(c)} = ${kind === 'mysql' ? 'GREATEST' : 'MAX'}(${q(c)}, ${incoming(c)})`,
      ),
    ].join(', ');
    const head = `INSERT INTO ${q(spec.table)} (${columns.map(q).join(', ')}) VALUES ${placeholders}`;
    const sql =
      kind === 'mysql'
        ? `${head} ON DUPLICATE KEY UPDATE ${updates}`
        : `${head} ON CONFLICT (${spec.keys.map(q).join(', ')}) DO UPDATE SET ${updates}`;
    await manager.query(sql, params);
  }
}
