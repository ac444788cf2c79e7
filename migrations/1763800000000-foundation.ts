import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { datetime, flag, id, varchar } from './columns';

/**
 * Members, channel identities, the audit log, the activity outbox and the seed register. Written with TypeORM's schema
 * API (no raw SQL) so the same migration runs on MySQL/MariaDB and SQLite.
 */
export class Foundation1763800000000 implements MigrationInterface {
  name = 'Foundation1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'member',
        columns: [
          id(),
          varchar('status', 16, { default: "'ACTIVE'" }),
          varchar('firstName', 100, { isNullable: true }),
          varchar('lastName', 100, { isNullable: true }),
          varchar('birthday', 10, { isNullable: true }),
          varchar('gender', 16, { isNullable: true }),
          varchar('region', 100, { isNullable: true }),
          varchar('email', 254, { isNullable: true }),
          varchar('phone', 20, { isNullable: true }),
          flag('marketingConsent'),
          datetime('marketingConsentUpdatedAt', true),
          flag('commsEmail'),
          flag('commsSms'),
          flag('commsPush'),
          flag('commsMail'),
          varchar('joinChannel', 32),
          datetime('joinedAt'),
          datetime('closedAt', true),
          varchar('closeReason', 32, { isNullable: true }),
          varchar('closeComment', 1000, { isNullable: true }),
          datetime('reactivatedAt', true),
          { name: 'mergedIntoId', type: 'int', isNullable: true },
          datetime('erasedAt', true),
          datetime('createdAt'),
          datetime('updatedAt'),
        ],
        indices: [
          new TableIndex({ name: 'IDX_member_first_name', columnNames: ['firstName'] }),
          new TableIndex({ name: 'IDX_member_last_name', columnNames: ['lastName'] }),
          new TableIndex({ name: 'UQ_member_email', columnNames: ['email'], isUnique: true }),
          new TableIndex({ name: 'UQ_member_phone', columnNames: ['phone'], isUnique: true }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'channel_identity',
        columns: [
          id(),
          { name: 'memberId', type: 'int' },
          varchar('channel', 32),
          varchar('externalId', 191, { isNullable: true }),
          datetime('linkedAt'),
        ],
        indices: [
          new TableIndex({ name: 'IDX_channel_identity_member', columnNames: ['memberId'] }),
          new TableIndex({
            name: 'UQ_channel_identity_channel_external_id',
            columnNames: ['channel', 'externalId'],
            isUnique: true,
          }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_channel_identity_member',
            columnNames: ['memberId'],
            referencedTableName: 'member',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
            onUpdate: 'NO ACTION',
          }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'audit_entry',
        columns: [
          id(),
          varchar('actorRole', 16),
          varchar('actorId', 128),
          varchar('action', 64),
          varchar('targetType', 32),
          varchar('targetId', 64),
          { name: 'beforeJson', type: 'text', isNullable: true },
          { name: 'afterJson', type: 'text', isNullable: true },
          varchar('requestId', 64, { isNullable: true }),
          datetime('createdAt'),
        ],
        indices: [
          new TableIndex({ name: 'IDX_audit_entry_target', columnNames: ['targetType', 'targetId'] }),
          new TableIndex({ name: 'IDX_audit_entry_created_at', columnNames: ['createdAt'] }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'activity_event',
        columns: [
          id(),
          varchar('type', 64),
          { name: 'memberId', type: 'int', isNullable: true },
          varchar('channel', 32, { isNullable: true }),
          varchar('summary', 255),
          { name: 'payloadJson', type: 'text' },
          datetime('occurredAt'),
        ],
        indices: [new TableIndex({ name: 'IDX_activity_event_member', columnNames: ['memberId'] })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'seed_run',
        columns: [{ ...varchar('name', 64), isPrimary: true }, datetime('appliedAt')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('seed_run');
    await queryRunner.dropTable('activity_event');
    await queryRunner.dropTable('audit_entry');
    await queryRunner.dropTable('channel_identity');
    await queryRunner.dropTable('member');
  }
}
