import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { datetime, flag, id, int, text, varchar } from './columns';

/**
 * Earning rules (data an administrator edits) and behaviour awards (one row per member, behaviour and
 * reference, so a reference never pays twice; caps count them). Schema API only: runs on both engines.
 */
export class EarningRules1764000000300 implements MigrationInterface {
  name = 'EarningRules1764000000300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'earning_rule',
        columns: [
          id(),
          varchar('name', 100),
          varchar('description', 500, { isNullable: true }),
          varchar('kind', 32),
          varchar('behaviour', 32, { isNullable: true }),
          int('priority'),
          varchar('stacking', 16),
          flag('active', true),
          datetime('startsAt', true),
          datetime('endsAt', true),
          text('targetingJson'),
          text('parametersJson'),
          int('version'),
          datetime('createdAt'),
          datetime('updatedAt'),
        ],
        indices: [
          new TableIndex({ name: 'IDX_earning_rule_active_kind', columnNames: ['active', 'kind'] }),
          new TableIndex({ name: 'IDX_earning_rule_behaviour', columnNames: ['behaviour'] }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'behaviour_award',
        columns: [
          id(),
          int('memberId'),
          varchar('behaviour', 32),
          int('ruleId', { isNullable: true }),
          int('ruleVersion', { isNullable: true }),
          varchar('reference', 191),
          int('points'),
          flag('capped'),
          int('ledgerEntryId', { isNullable: true }),
          varchar('channel', 32, { isNullable: true }),
          varchar('storeId', 64, { isNullable: true }),
          datetime('awardedAt'),
        ],
        indices: [
          new TableIndex({
            name: 'UQ_behaviour_award_member_behaviour_reference',
            columnNames: ['memberId', 'behaviour', 'reference'],
            isUnique: true,
          }),
          new TableIndex({
            name: 'IDX_behaviour_award_member_behaviour_awarded',
            columnNames: ['memberId', 'behaviour', 'awardedAt'],
          }),
          new TableIndex({ name: 'IDX_behaviour_award_rule', columnNames: ['ruleId'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_behaviour_award_member',
            columnNames: ['memberId'],
            referencedTableName: 'member',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
            onUpdate: 'NO ACTION',
          }),
          new TableForeignKey({
            name: 'FK_behaviour_award_rule',
            columnNames: ['ruleId'],
            referencedTableName: 'earning_rule',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
            onUpdate: 'NO ACTION',
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('behaviour_award');
    await queryRunner.dropTable('earning_rule');
  }
}
