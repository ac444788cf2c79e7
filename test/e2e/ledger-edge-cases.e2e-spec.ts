import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';
import { registerMember } from '../harness/members.fixtures';
import { balanceOf, expectLedgerConsistent } from '../harness/points.fixtures';
import {
  createEarningRule,
  orderInput,
  recordOrder,
  refundOrder,
  upsertProducts,
} from '../harness/orders.fixtures';
import { PointsSourceKind } from '../../src/modules/points/points.enums';
import { PointsLot } from '../../src/modules/points/points-lot.entity';
import { EarningReversal1764000001200 } from '../../migrations/1764000001200-earning-reversal';

/** The corners where points could be made or lost: refunds racing, refunds then cancellations, expiry. */
describe('ledger edge cases', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await createTestEnvironment();
    await upsertProducts(env, [{ sku: 'ITEM', category: 'homeware' }]);
    await createEarningRule(env, {
      name: 'Base',
      kind: 'BASE_RATE',
      parameters: { pointsPerUnit: 1, unitAmountMinor: 100 },
    });
  });
  afterAll(() => env.stop());

  const spend = (memberId: string, points: number) =>
    env.app.db.transaction((m) =>
      env.app.core.services.ledger.spend(m, {
        memberId: Number(memberId),
        points,
        source: { kind: PointsSourceKind.REWARD },
        reason: 'redemption',
      }),
    );

  it('takes back exactly what an order earned when four partial refunds race', async () => {
    const member = await registerMember(env);
    await env.gql(
      `mutation ($input: AdjustPointsInput!) { adjustPoints(input: $input) { points } }`,
      {
        input: {
          memberId: member.id,
          points: 1000,
          reason: 'Opening balance',
          idempotencyKey: `open-${member.id}`,
        },
      },
      await env.staffToken(),
    );
    const order = (await recordOrder(env, orderInput(member.id, [['ITEM', 4, 2500]]))).data!.recordOrder;
    expect(order.pointsEarned).toBe(100);
    const results = await Promise.all(
      [1, 2, 3, 4].map((n) =>
        refundOrder(env, { orderId: order.id, refundId: `race-${n}`, amountMinor: 2500 }),
      ),
    );
    expect(results.every((r) => r.errors === undefined)).toBe(true);
    expect((await balanceOf(env, member.id)).available).toBe(1000);
    await expectLedgerConsistent(env, member.id);
  });

  it('does not make points when a redemption is cancelled after its order was refunded', async () => {
    const member = await registerMember(env);
    const order = (await recordOrder(env, orderInput(member.id, [['ITEM', 1, 10000]]))).data!.recordOrder;
    const spent = await spend(member.id, 100);
    const refund = await refundOrder(env, { orderId: order.id, refundId: 'all' });
    expect(refund.data!.refundOrder.refund).toMatchObject({ pointsReversed: 0, pointsUncollected: 100 });
    const back = await env.app.db.transaction((m) =>
      env.app.core.services.ledger.returnSpend(m, {
        entryId: spent.entryId!,
        reason: 'redemption cancelled',
        source: { kind: PointsSourceKind.REWARD },
      }),
    );
    expect(back.points).toBe(0);
    expect((await balanceOf(env, member.id)).available).toBe(0);
    await expectLedgerConsistent(env, member.id);
  });

  it('gives a partly refunded points payment back to lots that are still alive first', async () => {
    const member = await registerMember(env);
    const memberId = Number(member.id);
    const ledger = env.app.core.services.ledger;
    await env.app.db.transaction(async (m) => {
      await ledger.earn(m, {
        memberId,
        points: 50,
        source: { kind: PointsSourceKind.BEHAVIOUR },
        reason: 'a',
        at: new Date(Date.now() - 2000),
      });
      await ledger.earn(m, {
        memberId,
        points: 50,
        source: { kind: PointsSourceKind.BEHAVIOUR },
        reason: 'b',
      });
    });
    const held = await env.app.db.transaction((m) =>
      ledger.hold(m, {
        memberId,
        points: 100,
        purpose: 'payment',
        reference: `edge-${memberId}`,
        expiresAt: new Date(Date.now() + 60_000),
        source: { kind: PointsSourceKind.PAYMENT },
      }),
    );
    await env.app.db.transaction((m) =>
      ledger.captureHold(m, held.holdId, { kind: PointsSourceKind.PAYMENT }),
    );
    // The older lot expires after the payment (its date moved into the past, as time would).
    const [older] = await env.app.db.manager.find(PointsLot, {
      where: { memberId },
      order: { id: 'ASC' },
      take: 1,
    });
    await env.app.db.manager.update(PointsLot, { id: older.id }, { expiresAt: new Date(Date.now() - 1000) });
    const refunded = await env.app.db.transaction((m) =>
      ledger.refundCapturedHold(m, held.holdId, 50, 'partial refund', { kind: PointsSourceKind.PAYMENT }),
    );
    expect(refunded.points).toBe(50);
    expect((await balanceOf(env, member.id)).available).toBe(50);
  });

  describe('reversals of one earning (payment refunds)', () => {
    const ledger = () => env.app.core.services.ledger;
    const earn = (memberId: string, points: number, idempotencyKey: string) =>
      env.app.db.transaction((m) =>
        ledger().earn(m, {
          memberId: Number(memberId),
          points,
          source: { kind: PointsSourceKind.PAYMENT },
          reason: 'payment',
          idempotencyKey,
        }),
      );
    const reverse = (memberId: string, earnIdempotencyKey: string, points: number, idempotencyKey: string) =>
      env.app.db.transaction((m) =>
        ledger().reverseEarning(m, {
          memberId: Number(memberId),
          earnIdempotencyKey,
          points,
          source: { kind: PointsSourceKind.PAYMENT },
          reason: 'payment refunded',
          idempotencyKey,
        }),
      );
    /** A member with 1000 other points, so only the cap can stop a reversal. */
    const memberWithOtherPoints = async () => {
      const member = await registerMember(env);
      await env.app.db.transaction((m) =>
        ledger().adjust(m, {
          memberId: Number(member.id),
          points: 1000,
          reason: 'Opening balance',
          source: { kind: PointsSourceKind.STAFF },
        }),
      );
      return member.id;
    };

    it('refuses reversals that together would take back more than the earning gave, as an order refund would', async () => {
      const memberId = await memberWithOtherPoints();
      const key = `payment-${memberId}`;
      await earn(memberId, 100, key);
      expect((await reverse(memberId, key, 60, `${key}-r1`)).points).toBe(60);
      await expect(reverse(memberId, key, 60, `${key}-r2`)).rejects.toMatchObject({
        extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'points' }] },
      });
      // A retry of the first reversal answers as before; what is left can still be taken back.
      expect((await reverse(memberId, key, 60, `${key}-r1`)).points).toBe(60);
      expect((await reverse(memberId, key, 40, `${key}-r3`)).points).toBe(40);
      await expect(reverse(memberId, key, 1, `${key}-r4`)).rejects.toMatchObject({
        extensions: { code: 'BAD_USER_INPUT' },
      });
      expect((await balanceOf(env, memberId)).available).toBe(1000);
      await expectLedgerConsistent(env, memberId);
    });

    it('takes back no more than the earning gave when two reversals of it race', async () => {
      const memberId = await memberWithOtherPoints();
      const key = `payment-${memberId}`;
      await earn(memberId, 100, key);
      const results = await Promise.allSettled(
        [1, 2].map((n) => reverse(memberId, key, 60, `${key}-race-${n}`)),
      );
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(results.find((r) => r.status === 'rejected')).toMatchObject({
        reason: { extensions: { code: 'BAD_USER_INPUT' } },
      });
      expect((await balanceOf(env, memberId)).available).toBe(1040);
      await expectLedgerConsistent(env, memberId);
    });

    it("does not count an order refund that took points from the earning's lot against the earning", async () => {
      const member = await registerMember(env);
      const order = (await recordOrder(env, orderInput(member.id, [['ITEM', 1, 5000]]))).data!.recordOrder;
      const key = `payment-${member.id}`;
      await earn(member.id, 100, key);
      // The order's lot comes first in spend order: the spend empties it, and its refund takes from the payment's.
      await spend(member.id, 50);
      await refundOrder(env, { orderId: order.id, refundId: `all-${member.id}` });
      await env.app.db.transaction((m) =>
        ledger().adjust(m, {
          memberId: Number(member.id),
          points: 1000,
          reason: 'Opening balance',
          source: { kind: PointsSourceKind.STAFF },
        }),
      );
      expect((await reverse(member.id, key, 100, `${key}-r1`)).points).toBe(100);
      expect((await balanceOf(env, member.id)).available).toBe(950);
      await expectLedgerConsistent(env, member.id);
    });

    it('counts the reversals a database held before reversals were linked to their earnings', async () => {
      const memberId = await memberWithOtherPoints();
      const key = `payment-${memberId}`;
      await earn(memberId, 100, key);
      await reverse(memberId, key, 60, `${key}-r1`);
      // Back to the schema before the link table, then forward: the migration links what it finds.
      const migration = new EarningReversal1764000001200();
      const runner = env.app.db.dataSource.createQueryRunner();
      try {
        await migration.down(runner);
        await migration.up(runner);
      } finally {
        await runner.release();
      }
      await expect(reverse(memberId, key, 60, `${key}-r2`)).rejects.toMatchObject({
        extensions: { code: 'BAD_USER_INPUT' },
      });
    });
  });

  it("refuses an order in another currency than the programme's, and accepts the longest external ids", async () => {
    const member = await registerMember(env);
    const yen = await recordOrder(env, orderInput(member.id, [['ITEM', 1, 10000]], { currency: 'JPY' }));
    expect(yen.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'currency' }],
    });
    const longId = 'X'.repeat(191);
    const order = await recordOrder(
      env,
      orderInput(member.id, [['ITEM', 1, 1000]], { externalOrderId: longId }),
    );
    expect(order.errors).toBeUndefined();
    const refund = await refundOrder(env, { orderId: order.data!.recordOrder.id, refundId: 'R'.repeat(191) });
    expect(refund.errors).toBeUndefined();
  });

  it('refuses a points payment worth more points than one movement may hold', async () => {
    const member = await registerMember(env);
    await env.gql(
      `mutation { updatePointsPolicy(input: { pointsPerCurrencyUnit: 100000 }) { currency } }`,
      {},
      await env.adminToken(),
    );
    try {
      const quote = await env.gql<any>(
        `query ($input: QuotePointsPaymentInput!) { quotePointsPayment(input: $input) { points } }`,
        { input: { memberId: member.id, amountMinor: 100_000_000, currency: 'EUR' } },
        await env.staffToken(),
      );
      expect(quote.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    } finally {
      await env.gql(
        `mutation { updatePointsPolicy(input: { pointsPerCurrencyUnit: 100 }) { currency } }`,
        {},
        await env.adminToken(),
      );
    }
  });
});
