import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { flag } from './columns';

const KPI_INDEXES: [string, TableIndex][] = [
  ['customer_order', new TableIndex({ name: 'IDX_customer_order_purchased', columnNames: ['purchasedAt'] })],
  [
    'ledger_entry',
    new TableIndex({ name: 'IDX_ledger_entry_created_type', columnNames: ['createdAt', 'type'] }),
  ],
  ['member', new TableIndex({ name: 'IDX_member_joined', columnNames: ['joinedAt'] })],
];

/**
 * Insight and recommendations, second pass:
 * - the programme KPIs filter orders, ledger entries and members by date range: without these indexes
 *   every KPI query scans the whole table;
 * - a member's net spend and CLV can pass 2^31-1 minor units: 64-bit columns;
 * - `rec_product_stats.refreshDue` marks, in the transaction that counts a batch, the products whose
 *   neighbour lists must be recomputed, so a crash between counting and refreshing is completed by the
 *   next run. Existing rows start marked: one full refresh heals lists a past crash left stale.
 */
export class InsightIndexes1764000000900 implements MigrationInterface {
  name = 'InsightIndexes1764000000900';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, index] of KPI_INDEXES) await queryRunner.createIndex(table, index);
    for (const name of ['monetaryMinor', 'clvMinor']) {
      const nullable = name === 'clvMinor';
      await queryRunner.changeColumn(
        'member_insight',
        name,
        new TableColumn({ name, type: 'bigint', isNullable: nullable }),
      );
    }
    await queryRunner.addColumn('rec_product_stats', new TableColumn(flag('refreshDue')));
    await queryRunner.createIndex(
      'rec_product_stats',
      new TableIndex({ name: 'IDX_rec_product_stats_refresh', columnNames: ['refreshDue', 'productId'] }),
    );
    await queryRunner.query(`UPDATE rec_product_stats SET refreshDue = 1`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('rec_product_stats', 'IDX_rec_product_stats_refresh');
    await queryRunner.dropColumn('rec_product_stats', 'refreshDue');
    for (const name of ['monetaryMinor', 'clvMinor']) {
      await queryRunner.changeColumn(
        'member_insight',
        name,
        new TableColumn({ name, type: 'int', isNullable: name === 'clvMinor' }),
      );
    }
    for (const [table, index] of KPI_INDEXES) await queryRunner.dropIndex(table, index.name!);
  }
}
