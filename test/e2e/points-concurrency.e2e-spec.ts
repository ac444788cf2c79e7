import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';
import { registerMember } from '../harness/members.fixtures';
import { balanceOf, expectLedgerConsistent, givePoints } from '../harness/points.fixtures';
import { PointsSourceKind } from '../../src/modules/points/points.enums';

const AUTHORISE = `mutation ($input: AuthorisePointsPaymentInput!) { authorisePointsPayment(input: $input) { points } }`;
const ADJUST = `mutation ($input: AdjustPointsInput!) { adjustPoints(input: $input) { entry { id } } }`;

/**
 * Many spends of one member's balance at the same moment. On MariaDB the transactions really
 * overlap (pooled connections), which is where a read-then-write balance would oversell; the
 * conditional update lets exactly as many through as the balance covers.
 */
describe('concurrent points movements (meaningful on MariaDB)', () => {
  let env: TestEnvironment;
  let staff: string;

  beforeAll(async () => {
    env = await createTestEnvironment();
    staff = await env.staffToken();
  });
  afterAll(() => env.stop());

  it('lets 30 parallel payments of 100 points through only as far as a 1,000-point balance goes', async () => {
    const member = await registerMember(env);
    // Several lots, so parallel spends also contend on the lots, not only on the balance.
    for (let i = 0; i < 4; i++) await givePoints(env, member.id, 250);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        env.gql<any>(
          AUTHORISE,
          {
            input: {
              memberId: member.id,
              amountMinor: 100,
              currency: 'EUR',
              paymentReference: `race-${member.id}-${i}`,
              idempotencyKey: `race-${member.id}-${i}`,
            },
          },
          staff,
        ),
      ),
    );
    const succeeded = results.filter((r) => r.data?.authorisePointsPayment);
    const refused = results.filter((r) => r.errors?.[0]?.extensions?.code === 'INSUFFICIENT_POINTS');
    expect(succeeded).toHaveLength(10);
    expect(refused).toHaveLength(20);
    expect(await balanceOf(env, member.id)).toMatchObject({ available: 0, held: 1000 });
    await expectLedgerConsistent(env, member.id);
  });

  it('never sells more than the balance when spends race inside the ledger directly', async () => {
    const member = await registerMember(env);
    await givePoints(env, member.id, 500);
    const ledger = env.app.core.services.ledger;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 25 }, () =>
        env.app.db.transaction((m) =>
          ledger.spend(m, {
            memberId: Number(member.id),
            points: 30,
            source: { kind: PointsSourceKind.REWARD },
            reason: 'race',
          }),
        ),
      ),
    );
    const spent = outcomes.filter((o) => o.status === 'fulfilled').length;
    expect(spent).toBe(16); // 16 × 30 = 480 <= 500 < 17 × 30
    expect((await balanceOf(env, member.id)).available).toBe(500 - spent * 30);
    await expectLedgerConsistent(env, member.id);
  });

  it('applies one adjustment when ten retries with the same idempotency key arrive at once', async () => {
    const member = await registerMember(env);
    const input = {
      memberId: member.id,
      points: 75,
      reason: 'Retried by a flaky client',
      idempotencyKey: `same-${member.id}`,
    };
    const results = await Promise.all(
      Array.from({ length: 10 }, () => env.gql<any>(ADJUST, { input }, staff)),
    );
    expect(results.every((r) => r.errors === undefined)).toBe(true);
    expect(new Set(results.map((r) => r.data.adjustPoints.entry.id)).size).toBe(1);
    expect((await balanceOf(env, member.id)).available).toBe(75);
    await expectLedgerConsistent(env, member.id);
  });
});
