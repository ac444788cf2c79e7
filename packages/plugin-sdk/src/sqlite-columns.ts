import type { QueryRunner, TableColumn } from 'typeorm';

const BOOLEAN_DEFAULTS = new Map([
  ['false', '0'],
  ['true', '1'],
]);

/**
 * Rewrites SQLite columns the way TypeORM describes the entities, so `migration:generate` finds
 * nothing to change: `int` becomes `integer` (TypeORM's name for every integer column on SQLite) and
 * boolean defaults written `false`/`true` become `0`/`1`. Both are the same to SQLite (INTEGER
 * affinity; `false` is 0), so the data and the queries do not change. SQLite cannot alter a column:
 * TypeORM copies each table into a new one, with its indexes, checks and foreign keys; the
 * AUTOINCREMENT counter is carried over, so an id is never handed out twice. No-op on MySQL/MariaDB.
 */
export async function matchSqliteColumnsToEntities(
  queryRunner: QueryRunner,
  tables: string[],
): Promise<void> {
  if (queryRunner.connection.options.type !== 'better-sqlite3') return;
  for (const name of tables) {
    const table = await queryRunner.getTable(name);
    if (!table) throw new Error(`matchSqliteColumnsToEntities: no table ${name}`);
    const changes = table.columns
      .map((oldColumn) => ({ oldColumn, newColumn: normalized(oldColumn) }))
      .filter(({ oldColumn, newColumn }) => newColumn !== oldColumn);
    if (changes.length === 0) continue;
    const autoIncrement = table.columns.some((column) => column.isGenerated);
    const sequence = autoIncrement
      ? ((await queryRunner.query(`SELECT seq FROM sqlite_sequence WHERE name = ?`, [name])) as {
          seq: number;
        }[])
      : [];
    await queryRunner.changeColumns(table, changes);
    if (sequence.length)
      await queryRunner.query(`UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = ?`, [
        sequence[0].seq,
        name,
      ]);
  }
}

function normalized(column: TableColumn): TableColumn {
  const type = column.type === 'int' ? 'integer' : column.type;
  const zeroOrOne = typeof column.default === 'string' ? BOOLEAN_DEFAULTS.get(column.default) : undefined;
  if (type === column.type && zeroOrOne === undefined) return column;
  const copy = column.clone();
  copy.type = type;
  if (zeroOrOne !== undefined) copy.default = zeroOrOne;
  return copy;
}
