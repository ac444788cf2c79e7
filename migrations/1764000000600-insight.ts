import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import type { TableColumnOptions } from 'typeorm/schema-builder/options/TableColumnOptions';
import { datetime, flag, id, int, varchar } from './columns';

function double(name: string, isNullable = false): TableColumnOptions {
  return { name, type: 'double', isNullable };
}

/**
 * The data side: feedback (surveys, invitations, responses), recommendations (the incremental
 * co-purchase model, item neighbours, dismissals) and insight (per-member RFM, lifecycle, churn risk
 * and CLV, and the thresholds they use). Rows refer to members, orders and products by id without
 * foreign keys, like the other contexts: erasure keeps member rows and merges move rows explicitly.
 */
export class Insight1764000000600 implements MigrationInterface {
  name = 'Insight1764000000600';

  async up(queryRunner: QueryRunner): Promise<void> {
    await this.feedback(queryRunner);
    await this.recommendations(queryRunner);
    await this.insight(queryRunner);
  }

  private async feedback(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'survey',
        columns: [
          id(),
          varchar('code', 64),
          varchar('title', 200),
          flag('asksNps'),
          flag('asksCsat'),
          flag('asksCes'),
          flag('asksSuggestion'),
          flag('active', true),
          datetime('createdAt'),
          datetime('updatedAt'),
        ],
        indices: [new TableIndex({ name: 'UQ_survey_code', columnNames: ['code'], isUnique: true })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'survey_invitation',
        columns: [
          id(),
          int('surveyId'),
          int('memberId'),
          int('orderId'),
          varchar('token', 64),
          varchar('channel', 32, { isNullable: true }),
          varchar('storeId', 64, { isNullable: true }),
          datetime('createdAt'),
          datetime('respondedAt', true),
          int('responseId', { isNullable: true }),
        ],
        indices: [
          new TableIndex({ name: 'UQ_survey_invitation_token', columnNames: ['token'], isUnique: true }),
          new TableIndex({
            name: 'UQ_survey_invitation_order',
            columnNames: ['surveyId', 'orderId'],
            isUnique: true,
          }),
          new TableIndex({ name: 'IDX_survey_invitation_member', columnNames: ['memberId'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'feedback_response',
        columns: [
          id(),
          int('surveyId'),
          int('memberId'),
          int('orderId', { isNullable: true }),
          varchar('subjectKey', 40),
          int('invitationId', { isNullable: true }),
          varchar('channel', 32, { isNullable: true }),
          varchar('storeId', 64, { isNullable: true }),
          varchar('tierCode', 32, { isNullable: true }),
          int('npsScore', { isNullable: true }),
          int('csatScore', { isNullable: true }),
          int('cesScore', { isNullable: true }),
          varchar('suggestion', 2000, { isNullable: true }),
          varchar('externalId', 191, { isNullable: true }),
          varchar('source', 64),
          int('pointsAwarded', { default: 0 }),
          datetime('submittedAt'),
        ],
        indices: [
          new TableIndex({
            name: 'UQ_feedback_response_subject',
            columnNames: ['surveyId', 'memberId', 'subjectKey'],
            isUnique: true,
          }),
          new TableIndex({
            name: 'UQ_feedback_response_external',
            columnNames: ['surveyId', 'externalId'],
            isUnique: true,
          }),
          new TableIndex({ name: 'IDX_feedback_response_submitted', columnNames: ['submittedAt'] }),
          new TableIndex({ name: 'IDX_feedback_response_member', columnNames: ['memberId'] }),
        ],
      }),
    );
  }

  private async recommendations(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'rec_member_product',
        columns: [
          { ...int('memberId'), isPrimary: true },
          { ...int('productId'), isPrimary: true },
          int('purchases'),
          datetime('firstPurchasedAt'),
          datetime('lastPurchasedAt'),
        ],
        indices: [new TableIndex({ name: 'IDX_rec_member_product_product', columnNames: ['productId'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rec_product_pair',
        columns: [
          { ...int('productId'), isPrimary: true },
          { ...int('otherProductId'), isPrimary: true },
          int('members'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rec_product_stats',
        columns: [{ ...int('productId'), isPrimary: true }, int('buyers'), datetime('updatedAt')],
        indices: [new TableIndex({ name: 'IDX_rec_product_stats_buyers', columnNames: ['buyers'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rec_product_neighbour',
        columns: [
          { ...int('productId'), isPrimary: true },
          { ...int('neighbourId'), isPrimary: true },
          double('score'),
          int('coBuyers'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'rec_model_state',
        columns: [{ ...int('id'), isPrimary: true }, int('lastOrderId'), datetime('updatedAt', true)],
      }),
    );
    await queryRunner.query(`INSERT INTO rec_model_state (id, lastOrderId, updatedAt) VALUES (1, 0, NULL)`);
    await queryRunner.createTable(
      new Table({
        name: 'recommendation_dismissal',
        columns: [id(), int('memberId'), varchar('itemType', 16), int('itemId'), datetime('dismissedAt')],
        indices: [
          new TableIndex({
            name: 'UQ_recommendation_dismissal_item',
            columnNames: ['memberId', 'itemType', 'itemId'],
            isUnique: true,
          }),
        ],
      }),
    );
  }

  private async insight(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'member_insight',
        columns: [
          { ...int('memberId'), isPrimary: true },
          int('orderCount'),
          datetime('firstOrderAt', true),
          datetime('lastOrderAt', true),
          int('recencyDays', { isNullable: true }),
          int('monetaryMinor'),
          int('averageOrderValueMinor'),
          double('cadenceDays', true),
          int('recencyScore', { isNullable: true }),
          int('frequencyScore', { isNullable: true }),
          int('monetaryScore', { isNullable: true }),
          varchar('segment', 24, { isNullable: true }),
          varchar('lifecycleStage', 16),
          datetime('lifecycleChangedAt'),
          double('churnRisk', true),
          int('clvMinor', { isNullable: true }),
          varchar('homeStoreId', 64, { isNullable: true }),
          varchar('mainChannel', 32, { isNullable: true }),
          datetime('computedAt'),
        ],
        indices: [
          new TableIndex({ name: 'IDX_member_insight_segment', columnNames: ['segment'] }),
          new TableIndex({ name: 'IDX_member_insight_stage', columnNames: ['lifecycleStage'] }),
          new TableIndex({ name: 'IDX_member_insight_store', columnNames: ['homeStoreId', 'segment'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'insight_settings',
        columns: [
          { ...int('id'), isPrimary: true },
          double('decliningAfterCadences'),
          double('churnedAfterCadences'),
          int('defaultCadenceDays'),
          int('matureOrders'),
          double('clvYears'),
          datetime('updatedAt', true),
        ],
      }),
    );
    await queryRunner.query(
      `INSERT INTO insight_settings (id, decliningAfterCadences, churnedAfterCadences, defaultCadenceDays, matureOrders, clvYears, updatedAt) VALUES (1, 1.5, 3, 60, 5, 3, NULL)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'insight_settings',
      'member_insight',
      'recommendation_dismissal',
      'rec_model_state',
      'rec_product_neighbour',
      'rec_product_stats',
      'rec_product_pair',
      'rec_member_product',
      'feedback_response',
      'survey_invitation',
      'survey',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
