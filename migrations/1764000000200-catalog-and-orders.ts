import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { addNonNegativeChecks } from './checks';
import { datetime, flag, id, int, text, varchar } from './columns';

/** The product catalog and orders from every channel, with their lines and refunds. */
export class CatalogAndOrders1764000000200 implements MigrationInterface {
  name = 'CatalogAndOrders1764000000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'product',
        columns: [
          id(),
          varchar('sku', 64),
          varchar('title', 200),
          varchar('category', 64),
          text('attributesJson'),
          int('priceMinor'),
          varchar('currency', 3),
          flag('sustainable'),
          flag('active', true),
          datetime('createdAt'),
          datetime('updatedAt'),
        ],
        indices: [
          new TableIndex({ name: 'UQ_product_sku', columnNames: ['sku'], isUnique: true }),
          new TableIndex({ name: 'IDX_product_category', columnNames: ['category'] }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'customer_order',
        columns: [
          id(),
          varchar('channel', 32),
          varchar('externalId', 191),
          int('memberId', { isNullable: true }),
          varchar('storeId', 64, { isNullable: true }),
          varchar('currency', 3),
          int('merchandiseMinor'),
          int('shippingMinor', { default: 0 }),
          int('taxMinor', { default: 0 }),
          int('totalMinor'),
          int('refundedMinor', { default: 0 }),
          varchar('status', 24),
          int('pointsEarned', { default: 0 }),
          int('pointsReversed', { default: 0 }),
          datetime('purchasedAt'),
          varchar('requestHash', 64),
          datetime('createdAt'),
          datetime('updatedAt'),
        ],
        indices: [
          new TableIndex({
            name: 'UQ_customer_order_channel_external',
            columnNames: ['channel', 'externalId'],
            isUnique: true,
          }),
          new TableIndex({ name: 'IDX_customer_order_member', columnNames: ['memberId', 'purchasedAt'] }),
        ],
      }),
    );
    await addNonNegativeChecks(queryRunner, 'customer_order', ['refundedMinor', 'totalMinor']);

    await queryRunner.createTable(
      new Table({
        name: 'order_line',
        columns: [
          id(),
          int('orderId'),
          int('lineNo'),
          varchar('sku', 64),
          int('productId', { isNullable: true }),
          varchar('category', 64, { isNullable: true }),
          int('quantity'),
          int('unitPriceMinor'),
          int('discountMinor', { default: 0 }),
          int('totalMinor'),
          int('refundedQuantity', { default: 0 }),
          int('refundedMinor', { default: 0 }),
        ],
        indices: [
          new TableIndex({
            name: 'UQ_order_line_number',
            columnNames: ['orderId', 'lineNo'],
            isUnique: true,
          }),
          new TableIndex({ name: 'IDX_order_line_product', columnNames: ['productId'] }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'order_refund',
        columns: [
          id(),
          int('orderId'),
          varchar('externalId', 191),
          varchar('kind', 16),
          int('amountMinor'),
          varchar('reason', 255, { isNullable: true }),
          int('pointsReversed', { default: 0 }),
          int('pointsUncollected', { default: 0 }),
          varchar('requestHash', 64),
          datetime('createdAt'),
        ],
        indices: [
          new TableIndex({
            name: 'UQ_order_refund_external',
            columnNames: ['orderId', 'externalId'],
            isUnique: true,
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['order_refund', 'order_line', 'customer_order', 'product'])
      await queryRunner.dropTable(table);
  }
}
