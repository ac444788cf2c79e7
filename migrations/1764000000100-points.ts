import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { datetime, id, int, text, varchar } from './columns';
import { addNonNegativeChecks } from './checks';

/**
 * The points ledger: accounts (cached balances), append-only entries, lots with expiry and pending
 * periods, the allocations that tie spends to lots, holds, and the programme's points policy.
 */
export class Points1764000000100 implements MigrationInterface {
  name = 'Points1764000000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'points_account',
        columns: [
          int('memberId', { isPrimary: true }),
          int('available', { default: 0 }),
          int('pending', { default: 0 }),
          int('held', { default: 0 }),
          int('debt', { default: 0 }),
          datetime('updatedAt'),
        ],
      }),
    );
    await addNonNegativeChecks(queryRunner, 'points_account', ['available', 'pending', 'held', 'debt']);

    await queryRunner.createTable(
      new Table({
        name: 'ledger_entry',
        columns: [
          id(),
          int('memberId'),
          varchar('type', 16),
          int('points'),
          int('availableDelta', { default: 0 }),
          int('pendingDelta', { default: 0 }),
          int('heldDelta', { default: 0 }),
          int('availableAfter'),
          int('uncollected', { default: 0 }),
          varchar('sourceKind', 16),
          varchar('sourceChannel', 32, { isNullable: true }),
          varchar('sourcePlugin', 64, { isNullable: true }),
          varchar('sourceStaffUserId', 128, { isNullable: true }),
          varchar('sourceReference', 191, { isNullable: true }),
          varchar('storeId', 64, { isNullable: true }),
          varchar('reason', 255),
          varchar('idempotencyKey', 191, { isNullable: true }),
          int('orderId', { isNullable: true }),
          int('holdId', { isNullable: true }),
          int('ruleId', { isNullable: true }),
          int('reversesEntryId', { isNullable: true }),
          text('explanationJson'),
          datetime('createdAt'),
        ],
        indices: [
          new TableIndex({ name: 'IDX_ledger_entry_member', columnNames: ['memberId', 'id'] }),
          new TableIndex({ name: 'IDX_ledger_entry_order', columnNames: ['orderId'] }),
          new TableIndex({
            name: 'UQ_ledger_entry_reverses',
            columnNames: ['reversesEntryId'],
            isUnique: true,
          }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'points_lot',
        columns: [
          id(),
          int('memberId'),
          int('entryId'),
          int('orderId', { isNullable: true }),
          int('points'),
          int('remaining'),
          int('expiredPoints', { default: 0 }),
          int('owed', { default: 0 }),
          varchar('status', 16),
          datetime('earnedAt'),
          datetime('expiresAt', true),
          datetime('pendingUntil', true),
          datetime('warnedAt', true),
        ],
        indices: [
          new TableIndex({ name: 'IDX_points_lot_member', columnNames: ['memberId', 'status'] }),
          new TableIndex({ name: 'IDX_points_lot_expiry', columnNames: ['status', 'expiresAt'] }),
          new TableIndex({ name: 'IDX_points_lot_pending', columnNames: ['status', 'pendingUntil'] }),
          new TableIndex({ name: 'IDX_points_lot_order', columnNames: ['orderId'] }),
        ],
      }),
    );
    await addNonNegativeChecks(queryRunner, 'points_lot', ['remaining', 'points', 'owed']);

    await queryRunner.createTable(
      new Table({
        name: 'lot_allocation',
        columns: [
          id(),
          int('entryId', { isNullable: true }),
          int('holdId', { isNullable: true }),
          int('lotId'),
          int('points'),
          int('returned', { default: 0 }),
        ],
        indices: [
          new TableIndex({ name: 'IDX_lot_allocation_entry', columnNames: ['entryId'] }),
          new TableIndex({ name: 'IDX_lot_allocation_hold', columnNames: ['holdId'] }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'points_hold',
        columns: [
          id(),
          int('memberId'),
          int('points'),
          varchar('status', 16),
          varchar('purpose', 32),
          varchar('reference', 191),
          datetime('expiresAt'),
          int('refundedPoints', { default: 0 }),
          datetime('createdAt'),
          datetime('updatedAt'),
        ],
        indices: [
          new TableIndex({
            name: 'UQ_points_hold_reference',
            columnNames: ['purpose', 'reference'],
            isUnique: true,
          }),
          new TableIndex({ name: 'IDX_points_hold_expiry', columnNames: ['status', 'expiresAt'] }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'points_policy',
        columns: [
          int('id', { isPrimary: true }),
          varchar('expiryMode', 16),
          int('expiryDays', { isNullable: true }),
          int('pendingDays', { default: 0 }),
          varchar('spendOrder', 24),
          varchar('reversalShortfall', 16),
          int('pointsPerCurrencyUnit'),
          varchar('currency', 3),
          int('holdTtlSeconds'),
          int('expiryWarningDays'),
          datetime('updatedAt'),
        ],
      }),
    );
    // The defaults a new programme starts with; admins change them through updatePointsPolicy.
    await queryRunner.manager.insert('points_policy', {
      id: 1,
      expiryMode: 'AFTER_DAYS',
      expiryDays: 730,
      pendingDays: 0,
      spendOrder: 'OLDEST_FIRST',
      reversalShortfall: 'FORGIVE',
      pointsPerCurrencyUnit: 100,
      currency: 'EUR',
      holdTtlSeconds: 900,
      expiryWarningDays: 30,
      updatedAt: new Date(),
    });

    await queryRunner.createTable(
      new Table({
        name: 'idempotency_key',
        columns: [
          varchar('scope', 64, { isPrimary: true }),
          varchar('key', 191, { isPrimary: true }),
          varchar('requestHash', 64),
          text('resultJson'),
          datetime('createdAt'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'idempotency_key',
      'points_policy',
      'points_hold',
      'lot_allocation',
      'points_lot',
      'ledger_entry',
      'points_account',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
