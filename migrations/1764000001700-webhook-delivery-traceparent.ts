import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { varchar } from './columns';

/**
 * Each delivery keeps the W3C traceparent of the request that accepted it (null when tracing is off),
 * so its background processing, on any instance and at any attempt, continues that request's trace.
 */
export class WebhookDeliveryTraceparent1764000001700 implements MigrationInterface {
  name = 'WebhookDeliveryTraceparent1764000001700';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'webhook_delivery',
      new TableColumn(varchar('traceparent', 55, { isNullable: true })),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('webhook_delivery', 'traceparent');
  }
}
