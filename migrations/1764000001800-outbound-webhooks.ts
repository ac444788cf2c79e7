import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { datetime, id, text, varchar } from './columns';

/** Outbound webhooks: partner endpoints, the delivery queue and log, and the fan-out cursor. */
export class OutboundWebhooks1764000001800 implements MigrationInterface {
  name = 'OutboundWebhooks1764000001800';

  async up(queryRunner: QueryRunner): Promise<void> {
    const integer = (name: string, isNullable = false) => ({ name, type: 'integer', isNullable });
    await queryRunner.createTable(
      new Table({
        name: 'outbound_webhook_endpoint',
        columns: [
          id(),
          varchar('url', 2000),
          varchar('description', 255, { isNullable: true }),
          text('eventTypesJson'),
          text('filterJson'),
          varchar('status', 16),
          varchar('pausedReason', 500, { isNullable: true }),
          datetime('pausedAt', true),
          integer('consecutiveFailures'),
          varchar('secret', 255),
          varchar('previousSecret', 255, { isNullable: true }),
          datetime('previousSecretExpiresAt', true),
          datetime('createdAt'),
          datetime('updatedAt'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'outbound_webhook_delivery',
        columns: [
          id(),
          integer('endpointId'),
          integer('eventId'),
          varchar('eventType', 64),
          integer('memberId', true),
          varchar('status', 16),
          integer('attempts'),
          integer('replays'),
          datetime('nextAttemptAt'),
          datetime('lockedUntil', true),
          varchar('lockToken', 64, { isNullable: true }),
          text('body'),
          integer('lastStatusCode', true),
          varchar('lastError', 1000, { isNullable: true }),
          varchar('lastResponseBody', 1024, { isNullable: true }),
          datetime('deliveredAt', true),
          datetime('createdAt'),
          datetime('updatedAt'),
        ],
        indices: [
          new TableIndex({
            name: 'UQ_outbound_webhook_delivery_event',
            columnNames: ['endpointId', 'eventId'],
            isUnique: true,
          }),
          new TableIndex({
            name: 'IDX_outbound_webhook_delivery_due',
            columnNames: ['status', 'nextAttemptAt'],
          }),
          new TableIndex({
            name: 'IDX_outbound_webhook_delivery_member',
            columnNames: ['endpointId', 'memberId', 'eventId'],
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'outbound_webhook_cursor',
        columns: [varchar('name', 32, { isPrimary: true }), integer('lastEventId'), datetime('updatedAt')],
      }),
    );
    // The fan-out starts at the outbox as it is now: history before the feature is not sent, and
    // everything committed after this migration is (no start-up race with the first requests).
    await queryRunner.query(
      `INSERT INTO outbound_webhook_cursor (name, lastEventId, updatedAt)
       SELECT 'fan-out', COALESCE(MAX(id), 0), CURRENT_TIMESTAMP FROM activity_event`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('outbound_webhook_cursor');
    await queryRunner.dropTable('outbound_webhook_delivery');
    await queryRunner.dropTable('outbound_webhook_endpoint');
  }
}
