import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { varchar } from './columns';

/**
 * The activity feed: the outbox rows gain the store and plugin they came from (filters of the
 * support console's live feed), and indexes for the filters the feed and its history use most.
 * The foundation migration created the table; rows written before this one keep null store/plugin.
 */
export class ActivityFeed1764000000700 implements MigrationInterface {
  name = 'ActivityFeed1764000000700';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('activity_event', [
      new TableColumn(varchar('storeId', 64, { isNullable: true })),
      new TableColumn(varchar('plugin', 64, { isNullable: true })),
    ]);
    await queryRunner.createIndices('activity_event', [
      new TableIndex({ name: 'IDX_activity_event_type', columnNames: ['type'] }),
      new TableIndex({ name: 'IDX_activity_event_channel', columnNames: ['channel'] }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('activity_event', 'IDX_activity_event_channel');
    await queryRunner.dropIndex('activity_event', 'IDX_activity_event_type');
    await queryRunner.dropColumn('activity_event', 'plugin');
    await queryRunner.dropColumn('activity_event', 'storeId');
  }
}
