import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { datetime, flag, id, int, text, varchar } from './columns';
import { addNonNegativeChecks } from './checks';

function foreignKey(name: string, column: string, table: string): TableForeignKey {
  return new TableForeignKey({
    name,
    columnNames: [column],
    referencedTableName: table,
    referencedColumnNames: ['id'],
    onDelete: 'RESTRICT',
    onUpdate: 'NO ACTION',
  });
}

/**
 * Tiers: the ladder (data, not code), the programme's qualification settings, each member's tier
 * (no row = entry tier) and the history of changes and review outcomes.
 */
export class Tiers1764000000400 implements MigrationInterface {
  name = 'Tiers1764000000400';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'tier',
        columns: [
          id(),
          varchar('code', 32),
          varchar('name', 64),
          int('rank'),
          varchar('description', 500, { isNullable: true }),
          int('minSpendMinor', { isNullable: true }),
          int('minOrders', { isNullable: true }),
          int('minPoints', { isNullable: true }),
          varchar('requirement', 3),
          int('earnMultiplierPermille'),
          flag('freeShipping'),
          flag('priorityService'),
          flag('exclusiveRewards'),
          varchar('birthdayGift', 500, { isNullable: true }),
          flag('paid'),
          int('annualFeeMinor', { isNullable: true }),
          varchar('annualFeeCurrency', 3, { isNullable: true }),
          datetime('createdAt'),
          datetime('updatedAt'),
        ],
        indices: [
          new TableIndex({ name: 'UQ_tier_code', columnNames: ['code'], isUnique: true }),
          new TableIndex({ name: 'UQ_tier_rank', columnNames: ['rank'], isUnique: true }),
        ],
      }),
    );
    await addNonNegativeChecks(queryRunner, 'tier', [
      'rank',
      'minSpendMinor',
      'minOrders',
      'minPoints',
      'annualFeeMinor',
    ]);

    await queryRunner.createTable(
      new Table({
        name: 'tier_settings',
        columns: [
          int('id', { isPrimary: true }),
          int('windowMonths'),
          int('reviewCadenceMonths'),
          int('graceDays'),
          datetime('updatedAt', true),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'member_tier',
        columns: [
          int('memberId', { isPrimary: true }),
          int('tierId'),
          datetime('achievedAt'),
          datetime('reviewAt', true),
          datetime('graceUntil', true),
          flag('manual'),
          varchar('manualReason', 500, { isNullable: true }),
          varchar('assignedBy', 128, { isNullable: true }),
          datetime('updatedAt'),
        ],
        indices: [
          new TableIndex({ name: 'IDX_member_tier_tier', columnNames: ['tierId'] }),
          new TableIndex({ name: 'IDX_member_tier_review', columnNames: ['manual', 'reviewAt'] }),
        ],
        foreignKeys: [
          foreignKey('FK_member_tier_member', 'memberId', 'member'),
          foreignKey('FK_member_tier_tier', 'tierId', 'tier'),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'tier_change',
        columns: [
          id(),
          int('memberId'),
          int('fromTierId', { isNullable: true }),
          int('toTierId'),
          varchar('reason', 16),
          text('figuresJson', true),
          varchar('note', 500, { isNullable: true }),
          varchar('changedBy', 128, { isNullable: true }),
          datetime('at'),
        ],
        indices: [
          new TableIndex({ name: 'IDX_tier_change_member', columnNames: ['memberId', 'id'] }),
          new TableIndex({ name: 'IDX_tier_change_from_tier', columnNames: ['fromTierId'] }),
          new TableIndex({ name: 'IDX_tier_change_to_tier', columnNames: ['toTierId'] }),
        ],
        foreignKeys: [
          foreignKey('FK_tier_change_member', 'memberId', 'member'),
          foreignKey('FK_tier_change_from_tier', 'fromTierId', 'tier'),
          foreignKey('FK_tier_change_to_tier', 'toTierId', 'tier'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('tier_change');
    await queryRunner.dropTable('member_tier');
    await queryRunner.dropTable('tier_settings');
    await queryRunner.dropTable('tier');
  }
}
