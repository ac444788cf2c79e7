import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { datetime, id, varchar } from './columns';

/**
 * The detractor queue support works (claim, note, resolve). `integer` is TypeORM's name for an int
 * column on SQLite (MySQL/MariaDB store it as `int`). Detractor answers recorded before this
 * migration become OPEN alerts, so the queue starts with what support has not followed up yet.
 */
export class DetractorAlerts1764000001450 implements MigrationInterface {
  name = 'DetractorAlerts1764000001450';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'detractor_alert',
        columns: [
          id(),
          { name: 'responseId', type: 'integer' },
          { name: 'memberId', type: 'integer' },
          { name: 'npsScore', type: 'integer' },
          varchar('status', 16, { default: "'OPEN'" }),
          varchar('claimedByRole', 16, { isNullable: true }),
          varchar('claimedBy', 191, { isNullable: true }),
          datetime('claimedAt', true),
          datetime('resolvedAt', true),
          varchar('resolution', 2000, { isNullable: true }),
          datetime('raisedAt'),
          datetime('updatedAt'),
        ],
        indices: [
          new TableIndex({
            name: 'UQ_detractor_alert_response',
            columnNames: ['responseId'],
            isUnique: true,
          }),
          new TableIndex({ name: 'IDX_detractor_alert_status', columnNames: ['status', 'id'] }),
          new TableIndex({ name: 'IDX_detractor_alert_member', columnNames: ['memberId'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'detractor_alert_note',
        columns: [
          id(),
          { name: 'alertId', type: 'integer' },
          varchar('authorRole', 16),
          varchar('author', 191),
          varchar('body', 2000),
          varchar('idempotencyKey', 100, { isNullable: true }),
          datetime('createdAt'),
        ],
        indices: [
          new TableIndex({ name: 'IDX_detractor_alert_note_alert', columnNames: ['alertId'] }),
          new TableIndex({
            name: 'UQ_detractor_alert_note_key',
            columnNames: ['alertId', 'idempotencyKey'],
            isUnique: true,
          }),
        ],
      }),
    );
    await queryRunner.query(
      `INSERT INTO detractor_alert (responseId, memberId, npsScore, status, raisedAt, updatedAt)
       SELECT id, memberId, npsScore, 'OPEN', submittedAt, submittedAt FROM feedback_response
       WHERE npsScore IS NOT NULL AND npsScore <= 6 ORDER BY id`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('detractor_alert_note');
    await queryRunner.dropTable('detractor_alert');
  }
}
