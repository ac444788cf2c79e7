import type { MigrationInterface, QueryRunner } from 'typeorm';
import { matchSqliteColumnsToEntities } from '../src/data/sqlite-column-types';

/** Every core table, as the migrations before this one created them. */
const CORE_TABLES = [
  'member',
  'channel_identity',
  'audit_entry',
  'activity_event',
  'seed_run',
  'points_account',
  'ledger_entry',
  'points_lot',
  'lot_allocation',
  'points_hold',
  'points_policy',
  'idempotency_key',
  'product',
  'customer_order',
  'order_line',
  'order_refund',
  'earning_rule',
  'behaviour_award',
  'tier',
  'tier_settings',
  'member_tier',
  'tier_change',
  'reward',
  'reward_redemption',
  'coupon',
  'benefit_grant',
  'referral_code',
  'referral',
  'survey',
  'survey_invitation',
  'feedback_response',
  'rec_member_product',
  'rec_product_pair',
  'rec_product_stats',
  'rec_product_neighbour',
  'rec_model_state',
  'recommendation_dismissal',
  'member_insight',
  'insight_settings',
  'plugin_installation',
  'plugin_migration',
  'partner_api_key',
  'webhook_delivery',
  'plugin_event_cursor',
];

/**
 * On SQLite the earlier migrations wrote integer columns as `int` and boolean defaults as `false`/`true`,
 * where TypeORM's entity metadata says `integer` and `0`/`1`: `migration:generate` saw every such table
 * as changed (and would have rebuilt it without its CHECK constraints). This rewrites them to match;
 * same values, same affinity. MySQL/MariaDB already match: nothing runs there.
 */
export class SqliteColumnsMatchEntities1764000001100 implements MigrationInterface {
  name = 'SqliteColumnsMatchEntities1764000001100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await matchSqliteColumnsToEntities(queryRunner, CORE_TABLES);
  }

  /** Nothing to undo: `int` and `integer`, `false` and `0` are the same to SQLite. */
  async down(): Promise<void> {}
}
