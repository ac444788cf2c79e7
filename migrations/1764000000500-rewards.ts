import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { addNonNegativeChecks } from './checks';
import { datetime, flag, id, int, varchar } from './columns';

/**
 * The points mall (rewards, redemptions, coupons), the benefit grants that make the birthday and
 * member-day jobs run once per member and period, and referrals. Like the points tables, rows refer to
 * members by id without foreign keys: erasure keeps member rows, and merges move rows explicitly.
 */
export class Rewards1764000000500 implements MigrationInterface {
  name = 'Rewards1764000000500';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'reward',
        columns: [
          id(),
          varchar('code', 64),
          varchar('name', 200),
          varchar('description', 2000, { isNullable: true }),
          varchar('type', 16),
          int('pointsPrice'),
          int('stock', { isNullable: true }),
          datetime('validFrom', true),
          datetime('validUntil', true),
          int('perMemberLimit', { isNullable: true }),
          int('globalLimit', { isNullable: true }),
          int('redeemedCount', { default: 0 }),
          varchar('minimumTierCode', 32, { isNullable: true }),
          varchar('discountKind', 16, { isNullable: true }),
          int('discountValue', { isNullable: true }),
          varchar('discountCurrency', 3, { isNullable: true }),
          int('couponValidityDays', { isNullable: true }),
          varchar('partnerName', 100, { isNullable: true }),
          flag('birthdayGift'),
          flag('memberDayBenefit'),
          flag('active', true),
          datetime('createdAt'),
          datetime('updatedAt'),
        ],
        indices: [new TableIndex({ name: 'UQ_reward_code', columnNames: ['code'], isUnique: true })],
      }),
    );
    // Behind the conditional updates: stock and the redeemed count can never go below zero.
    await addNonNegativeChecks(queryRunner, 'reward', ['stock', 'redeemedCount']);

    await queryRunner.createTable(
      new Table({
        name: 'reward_redemption',
        columns: [
          id(),
          int('memberId'),
          int('rewardId'),
          int('pointsSpent'),
          varchar('status', 16),
          varchar('fulfilmentStatus', 16, { isNullable: true }),
          int('ledgerEntryId', { isNullable: true }),
          datetime('redeemedAt'),
          datetime('cancelledAt', true),
          datetime('updatedAt'),
        ],
        indices: [
          new TableIndex({
            name: 'IDX_reward_redemption_member_reward',
            columnNames: ['memberId', 'rewardId'],
          }),
          new TableIndex({ name: 'IDX_reward_redemption_reward', columnNames: ['rewardId'] }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'coupon',
        columns: [
          id(),
          varchar('code', 32),
          int('memberId'),
          int('rewardId'),
          int('redemptionId', { isNullable: true }),
          varchar('source', 16),
          varchar('status', 16),
          datetime('validUntil', true),
          datetime('issuedAt'),
          datetime('usedAt', true),
          datetime('updatedAt'),
        ],
        indices: [
          new TableIndex({ name: 'UQ_coupon_code', columnNames: ['code'], isUnique: true }),
          new TableIndex({ name: 'UQ_coupon_redemption', columnNames: ['redemptionId'], isUnique: true }),
          new TableIndex({ name: 'IDX_coupon_member', columnNames: ['memberId', 'id'] }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'benefit_grant',
        columns: [
          id(),
          int('memberId'),
          varchar('benefit', 16),
          varchar('period', 16),
          datetime('grantedAt'),
        ],
        indices: [
          new TableIndex({
            name: 'UQ_benefit_grant_member_benefit_period',
            columnNames: ['memberId', 'benefit', 'period'],
            isUnique: true,
          }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'referral_code',
        columns: [id(), int('memberId'), varchar('code', 16), datetime('createdAt')],
        indices: [
          new TableIndex({ name: 'UQ_referral_code_member', columnNames: ['memberId'], isUnique: true }),
          new TableIndex({ name: 'UQ_referral_code_code', columnNames: ['code'], isUnique: true }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'referral',
        columns: [
          id(),
          int('refereeId'),
          int('referrerId'),
          varchar('code', 16),
          varchar('status', 16),
          int('orderId', { isNullable: true }),
          datetime('createdAt'),
          datetime('rewardedAt', true),
        ],
        indices: [
          new TableIndex({ name: 'UQ_referral_referee', columnNames: ['refereeId'], isUnique: true }),
          new TableIndex({ name: 'IDX_referral_referrer', columnNames: ['referrerId'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'referral',
      'referral_code',
      'benefit_grant',
      'coupon',
      'reward_redemption',
      'reward',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
