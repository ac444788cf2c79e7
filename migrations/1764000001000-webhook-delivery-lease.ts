import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { varchar } from './columns';

/**
 * Webhook deliveries are claimed with a short lease that the working process renews, tagged with a
 * token per claim: a delivery whose worker died is taken over within seconds, and a worker that lost
 * its lease can no longer record an outcome over its successor's.
 */
export class WebhookDeliveryLease1764000001000 implements MigrationInterface {
  name = 'WebhookDeliveryLease1764000001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'webhook_delivery',
      new TableColumn(varchar('lockToken', 64, { isNullable: true })),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('webhook_delivery', 'lockToken');
  }
}
