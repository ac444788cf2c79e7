import { PointsSourceKind } from '../../src/modules/points/points.enums';
import { registerMember } from '../harness/members.fixtures';
import {
  createEarningRule,
  orderInput,
  recordOrder,
  refundOrder,
  upsertProducts,
} from '../harness/orders.fixtures';
import { balanceOf, expectLedgerConsistent } from '../harness/points.fixtures';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';

const NOW = '2026-06-01T12:00:00.000Z';
const OVERDUE = '2026-05-01T00:00:00.000Z';
const AHEAD = '2026-09-30T00:00:00.000Z';
const QUOTE = `query ($input: QuotePointsPaymentInput!) { quotePointsPayment(input: $input) { points available sufficient } }`;
const ADJUST = `mutation ($input: AdjustPointsInput!) { adjustPoints(input: $input) { balance { available } } }`;

/**
 * Lots past their expiry date before the hourly expiry job has run: whatever a member or a front end
 * reads leaves them out, and the job changes none of those figures when it finally runs.
 */
describe('points past their expiry before the expiry job runs', () => {
  let env: TestEnvironment;
  let staff: string;
  let memberId: string;

  beforeAll(async () => {
    env = await createTestEnvironment({ now: NOW });
    staff = await env.staffToken();
    memberId = (await registerMember(env)).id;
    const ledger = env.app.core.services.ledger;
    const earn = (points: number, expiresAt: string, at: string) =>
      env.app.db.transaction((manager) =>
        ledger.earn(manager, {
          memberId: Number(memberId),
          points,
          source: { kind: PointsSourceKind.BEHAVIOUR },
          reason: `expires ${expiresAt}`,
          expiresAt: new Date(expiresAt),
          at: new Date(at),
        }),
      );
    await earn(40, AHEAD, '2026-05-15T00:00:00Z');
    // Last: a movement after it would expire it first (see the next describe).
    await earn(100, OVERDUE, '2025-05-01T00:00:00Z');
  });
  afterAll(() => env.stop());

  const quote = async (amountMinor: number) => {
    const response = await env.gql<any>(QUOTE, { input: { memberId, amountMinor, currency: 'EUR' } }, staff);
    expect(response.errors).toBeUndefined();
    return response.data.quotePointsPayment;
  };

  it('leaves overdue lots out of the balance, the next expiry and the checkout quote', async () => {
    expect(await balanceOf(env, memberId)).toMatchObject({
      available: 40,
      nextExpiry: { points: 40, expiresAt: AHEAD },
    });
    expect(await quote(100)).toEqual({ points: 100, available: 40, sufficient: false });
    expect(await quote(40)).toEqual({ points: 40, available: 40, sufficient: true });
    // What other modules and plugins read through the ledger (rewards "affordable for", plugin balances).
    const ledger = env.app.core.services.ledger;
    expect((await ledger.balanceOf(env.app.db.manager, Number(memberId))).available).toBe(40);
  });

  // No movement in between: every movement expires the member's overdue lots first (see below).
  it('reads the same figures after the expiry job has run', async () => {
    const job = env.app.core.jobs.find((candidate) => candidate.name === 'points-expire-lots')!;
    expect(await job.run(env.clock.now())).toMatchObject({ pointsExpired: 100 });
    expect(await balanceOf(env, memberId)).toMatchObject({
      available: 40,
      nextExpiry: { points: 40, expiresAt: AHEAD },
    });
    expect(await quote(100)).toEqual({ points: 100, available: 40, sufficient: false });
    await expectLedgerConsistent(env, memberId);
  });
});

const LEDGER = `query ($id: ID!) { member(id: $id) { pointsLedger(first: 3) { edges { node { type points availableAfter } } } } }`;

/**
 * A movement made before the job has run expires the member's overdue lots first, in its own
 * transaction: it can neither take overdue points (a refund that needs other points would otherwise
 * eat them and leave the live ones) nor count them in the balance it records or reports.
 */
describe('a movement while points are past their expiry and the expiry job has not run', () => {
  let env: TestEnvironment;
  let staff: string;

  beforeAll(async () => {
    env = await createTestEnvironment({ now: NOW });
    staff = await env.staffToken();
    await upsertProducts(env, [{ sku: 'ITEM', category: 'homeware' }]);
    await createEarningRule(env, {
      name: 'Base',
      kind: 'BASE_RATE',
      parameters: { pointsPerUnit: 1, unitAmountMinor: 100 },
    });
  });
  afterAll(() => env.stop());

  const ledger = () => env.app.core.services.ledger;
  const earn = (memberId: string, points: number, expiresAt: string, idempotencyKey?: string) =>
    env.app.db.transaction((manager) =>
      ledger().earn(manager, {
        memberId: Number(memberId),
        points,
        source: { kind: PointsSourceKind.PAYMENT },
        reason: `expires ${expiresAt}`,
        expiresAt: new Date(expiresAt),
        at: new Date(expiresAt === OVERDUE ? '2025-05-01T00:00:00Z' : '2026-05-15T00:00:00Z'),
        idempotencyKey,
      }),
    );
  const spend = (memberId: string, points: number) =>
    env.app.db.transaction((manager) =>
      ledger().spend(manager, {
        memberId: Number(memberId),
        points,
        source: { kind: PointsSourceKind.REWARD },
        reason: 'redemption',
      }),
    );
  const reverseEarning = (memberId: string, earnIdempotencyKey: string, points: number) =>
    env.app.db.transaction((manager) =>
      ledger().reverseEarning(manager, {
        memberId: Number(memberId),
        earnIdempotencyKey,
        points,
        source: { kind: PointsSourceKind.PAYMENT },
        reason: 'payment refunded',
      }),
    );
  const newestEntries = async (memberId: string) => {
    const response = await env.gql<any>(LEDGER, { id: memberId }, staff);
    return response.data.member.pointsLedger.edges.map((edge: any) => edge.node);
  };
  /** A member whose own points of one earning are spent, with 40 live points and `overdue` overdue ones. */
  const memberWithSpentEarning = async (live: number, overdue: number) => {
    const { id } = await registerMember(env);
    const earnKey = `payment-${id}`;
    await earn(id, 50, AHEAD, earnKey);
    await spend(id, 50);
    await earn(id, live, AHEAD);
    // Earned last, so no movement after it could have expired it before the one under test.
    await earn(id, overdue, OVERDUE);
    return { id, earnKey };
  };

  it('records the balance without the overdue points in the ledger entry of an adjustment and of an earning', async () => {
    const adjusted = (await registerMember(env)).id;
    await earn(adjusted, 40, AHEAD);
    await earn(adjusted, 100, OVERDUE);
    const response = await env.gql<any>(
      ADJUST,
      {
        input: { memberId: adjusted, points: 10, reason: 'goodwill', idempotencyKey: `overdue-${adjusted}` },
      },
      staff,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data.adjustPoints.balance.available).toBe(50);
    expect((await newestEntries(adjusted)).slice(0, 2)).toEqual([
      { type: 'ADJUST', points: 10, availableAfter: 50 },
      { type: 'EXPIRE', points: -100, availableAfter: 40 },
    ]);

    const earned = (await registerMember(env)).id;
    await earn(earned, 40, AHEAD);
    await earn(earned, 100, OVERDUE);
    await earn(earned, 5, AHEAD);
    expect((await newestEntries(earned)).slice(0, 2)).toEqual([
      { type: 'EARN', points: 5, availableAfter: 45 },
      { type: 'EXPIRE', points: -100, availableAfter: 40 },
    ]);
    await expectLedgerConsistent(env, adjusted);
    await expectLedgerConsistent(env, earned);
  });

  it('takes an order refund that needs other points from live points, not from overdue ones', async () => {
    const { id } = await registerMember(env);
    const order = (await recordOrder(env, orderInput(id, [['ITEM', 1, 5000]]))).data!.recordOrder;
    expect(order.pointsEarned).toBe(50);
    await spend(id, 50);
    await earn(id, 40, AHEAD);
    await earn(id, 100, OVERDUE);
    const refund = await refundOrder(env, { orderId: order.id, refundId: `overdue-${id}` });
    expect(refund.errors).toBeUndefined();
    // 40 live points are all the member has: the other 10 were spent (forgiven by the default policy).
    expect(refund.data!.refundOrder.refund).toMatchObject({ pointsReversed: 40, pointsUncollected: 10 });
    expect((await balanceOf(env, id)).available).toBe(0);
    await expectLedgerConsistent(env, id);
  });

  it("takes a payment refund from live points when that payment's own points are spent", async () => {
    const { id, earnKey } = await memberWithSpentEarning(40, 100);
    expect((await reverseEarning(id, earnKey, 30)).points).toBe(30);
    expect((await balanceOf(env, id)).available).toBe(10);
    expect((await newestEntries(id))[0]).toEqual({ type: 'REVERSE', points: -30, availableAfter: 10 });
    await expectLedgerConsistent(env, id);
  });

  it('refuses a payment refund larger than the live points and reports only those as available', async () => {
    const { id, earnKey } = await memberWithSpentEarning(10, 20);
    await expect(reverseEarning(id, earnKey, 35)).rejects.toMatchObject({
      extensions: { code: 'INSUFFICIENT_POINTS', needed: 35, available: 10 },
    });
    expect((await balanceOf(env, id)).available).toBe(10);
    await expectLedgerConsistent(env, id);
  });
});
