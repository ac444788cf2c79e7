import { TableCheck, type QueryRunner } from 'typeorm';

/**
 * CHECK (column >= 0) on each column: the last line of defence behind the conditional updates that
 * keep balances and stock from going negative. TypeORM creates checks on SQLite but refuses them on
 * MySQL, where MariaDB 10.2+ and MySQL 8.0.16+ enforce them: there they are added with ALTER TABLE.
 */
export async function addNonNegativeChecks(
  queryRunner: QueryRunner,
  table: string,
  columns: string[],
): Promise<void> {
  const isMysql = queryRunner.connection.options.type !== 'better-sqlite3';
  for (const column of columns) {
    const name = `CHK_${table}_${column}_non_negative`;
    if (isMysql) {
      await queryRunner.query(
        `ALTER TABLE \`${table}\` ADD CONSTRAINT \`${name}\` CHECK (\`${column}\` >= 0)`,
      );
    } else {
      await queryRunner.createCheckConstraint(
        table,
        new TableCheck({ name, expression: `"${column}" >= 0` }),
      );
    }
  }
}
