import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { datetime, flag, id, int, text, varchar } from './columns';

/**
 * The plugin host's own tables: installed plugins (options with secrets encrypted at rest), the plugin
 * migrations applied so far, partners' API keys (hashed), the inbound webhook delivery log (also the
 * background queue), and each plugin's cursor over the activity outbox for its event handlers.
 * Plugins' own tables are created by their migrations, run by the host at install.
 */
export class Plugins1764000000800 implements MigrationInterface {
  name = 'Plugins1764000000800';

  async up(queryRunner: QueryRunner): Promise<void> {
    const isMysql = queryRunner.connection.options.type !== 'better-sqlite3';
    await queryRunner.createTable(
      new Table({
        name: 'plugin_installation',
        columns: [
          varchar('name', 64, { isPrimary: true }),
          varchar('version', 32),
          flag('enabled'),
          text('optionsJson'),
          datetime('installedAt'),
          datetime('updatedAt'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'plugin_migration',
        columns: [varchar('name', 191, { isPrimary: true }), varchar('plugin', 64), datetime('appliedAt')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'partner_api_key',
        columns: [
          id(),
          varchar('plugin', 64),
          varchar('label', 100),
          varchar('prefix', 24),
          varchar('keyHash', 64),
          varchar('scopesJson', 1000),
          varchar('createdBy', 128),
          datetime('createdAt'),
          datetime('revokedAt', true),
          datetime('lastUsedAt', true),
        ],
        indices: [
          new TableIndex({ name: 'UQ_partner_api_key_hash', columnNames: ['keyHash'], isUnique: true }),
          new TableIndex({ name: 'IDX_partner_api_key_plugin', columnNames: ['plugin'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'webhook_delivery',
        columns: [
          id(),
          varchar('plugin', 64),
          varchar('deliveryId', 191),
          varchar('path', 191),
          varchar('topic', 100),
          varchar('status', 16),
          int('attempts', { default: 0 }),
          int('replays', { default: 0 }),
          datetime('nextAttemptAt', true),
          datetime('lockedUntil', true),
          text('headersJson'),
          // Platforms' order payloads can exceed MySQL's 64 KB TEXT.
          { name: 'body', type: isMysql ? 'mediumtext' : 'text' },
          varchar('lastError', 1000, { isNullable: true }),
          datetime('receivedAt'),
          datetime('processedAt', true),
          datetime('updatedAt'),
        ],
        indices: [
          new TableIndex({
            name: 'UQ_webhook_delivery_plugin_delivery',
            columnNames: ['plugin', 'deliveryId'],
            isUnique: true,
          }),
          new TableIndex({ name: 'IDX_webhook_delivery_due', columnNames: ['status', 'nextAttemptAt'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'plugin_event_cursor',
        columns: [varchar('plugin', 64, { isPrimary: true }), int('lastEventId'), datetime('updatedAt')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'plugin_event_cursor',
      'webhook_delivery',
      'partner_api_key',
      'plugin_migration',
      'plugin_installation',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
