import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A re-issued coupon names the coupon it replaces, so support sees both ends of a re-issue in the API
 * (`Coupon.replaces`, `Coupon.replacedBy`), not only in the audit entry.
 */
export class CouponReplaces1764000001900 implements MigrationInterface {
  name = 'CouponReplaces1764000001900';

  async up(queryRunner: QueryRunner): Promise<void> {
    // `integer`, which both engines read back as the entity's `int` (SQLite keeps the name it is given).
    await queryRunner.addColumn(
      'coupon',
      new TableColumn({ name: 'replacesCouponId', type: 'integer', isNullable: true }),
    );
    await queryRunner.createIndex(
      'coupon',
      new TableIndex({ name: 'IDX_coupon_replaces', columnNames: ['replacesCouponId'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('coupon', 'IDX_coupon_replaces');
    await queryRunner.dropColumn('coupon', 'replacesCouponId');
  }
}
