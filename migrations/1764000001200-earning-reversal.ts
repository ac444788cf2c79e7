import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Links each reversal of a payment's earning to that earning, so reversals with different keys
 * cannot take back more than it gave. A table rather than a column: `ledger_entry.reversesEntryId`
 * is unique (one return per spend), and partial refunds reverse one earning several times.
 * `integer` is TypeORM's name for an int column on SQLite (MySQL/MariaDB store it as `int`).
 */
export class EarningReversal1764000001200 implements MigrationInterface {
  name = 'EarningReversal1764000001200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'earning_reversal',
        columns: [
          { name: 'reverseEntryId', type: 'integer', isPrimary: true },
          { name: 'earnEntryId', type: 'integer' },
        ],
        indices: [new TableIndex({ name: 'IDX_earning_reversal_earning', columnNames: ['earnEntryId'] })],
      }),
    );
    // Reversals made before this table: only reverseEarning writes `earnEntryId` into its explanation.
    const reversals = (await queryRunner.query(
      `SELECT id, explanationJson FROM ledger_entry WHERE type = 'REVERSE' AND orderId IS NULL AND holdId IS NULL AND reversesEntryId IS NULL AND explanationJson LIKE '%earnEntryId%'`,
    )) as { id: number; explanationJson: string }[];
    for (const reversal of reversals) {
      const earnEntryId = (JSON.parse(reversal.explanationJson) as { inputs?: { earnEntryId?: unknown } })
        .inputs?.earnEntryId;
      if (typeof earnEntryId !== 'number') continue;
      await queryRunner.query(`INSERT INTO earning_reversal (reverseEntryId, earnEntryId) VALUES (?, ?)`, [
        Number(reversal.id),
        earnEntryId,
      ]);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('earning_reversal');
  }
}
