import { PointsSourceKind } from '../../src/modules/points/points.enums';
import { registerMember } from '../harness/members.fixtures';
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
    await earn(100, OVERDUE, '2025-05-01T00:00:00Z');
    await earn(40, AHEAD, '2026-05-15T00:00:00Z');
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

  it('answers a movement with the balance left once overdue points are out', async () => {
    const adjusted = await env.gql<any>(
      ADJUST,
      { input: { memberId, points: 10, reason: 'goodwill', idempotencyKey: `overdue-${memberId}` } },
      staff,
    );
    expect(adjusted.errors).toBeUndefined();
    expect(adjusted.data.adjustPoints.balance.available).toBe(50);
  });

  it('reads the same figures after the expiry job has run', async () => {
    const job = env.app.core.jobs.find((candidate) => candidate.name === 'points-expire-lots')!;
    expect(await job.run(env.clock.now())).toMatchObject({ pointsExpired: 100 });
    expect(await balanceOf(env, memberId)).toMatchObject({
      available: 50,
      nextExpiry: { points: 40, expiresAt: AHEAD },
    });
    expect(await quote(100)).toEqual({ points: 100, available: 50, sufficient: false });
    await expectLedgerConsistent(env, memberId);
  });
});
