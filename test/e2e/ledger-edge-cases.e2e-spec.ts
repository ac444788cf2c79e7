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
