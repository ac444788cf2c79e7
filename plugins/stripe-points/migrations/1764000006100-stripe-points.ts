import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

const int = (name: string, extra = {}) => ({ name, type: 'int', ...extra });
const datetime = (name: string) => ({ name, type: 'datetime', precision: 3 });

export class StripePoints1764000006100 implements MigrationInterface {
  name = 'StripePoints1764000006100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'stripe_points_payment',
        columns: [
          { name: 'paymentIntentId', type: 'varchar', length: '191', isPrimary: true },
          int('memberId'),
          { name: 'currency', type: 'varchar', length: '3' },
          int('amountMinor'),
          int('pointsEarned'),
          int('refundedMinor', { default: 0 }),
          int('pointsReversed', { default: 0 }),
          int('pointsUncollected', { default: 0 }),
          datetime('createdAt'),
          datetime('updatedAt'),
        ],
        indices: [{ name: 'IDX_stripe_points_payment_member', columnNames: ['memberId'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('stripe_points_payment');
  }
}
