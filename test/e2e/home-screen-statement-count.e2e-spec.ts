import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';
import { registerMember } from '../harness/members.fixtures';
import { createEarningRule, orderInput, recordOrder, upsertProducts } from '../harness/orders.fixtures';
import { givePoints } from '../harness/points.fixtures';
import { seedRewards } from '../../seeds/demo-rewards';
import { seedTiers } from '../../seeds/demo-tiers';

/** The member app's home screen (bench/home-screen.bench.ts sends the same query). */
const HOME_SCREEN = `query Home($ledger: Int!) { me {
  id firstName lastName
  tier { tier { code name } since }
  tierProgress { current { code } next { code } missingForNext { spendMinor orders } }
  points { available pending held nextExpiry { points expiresAt } }
  pointsLedger(first: $ledger) { edges { node { id type points reason createdAt } } }
  affordableRewards(first: 10) { id code name pointsPrice }
} }`;

/**
 * Issue 12: the home screen in 8 statements (member, balance, next expiry, ledger page, tier row,
 * the two qualification figures, offered rewards), whatever the page size. The balance and the tier
 * row are read once for the fields and "what can I afford" alike.
 */
const HOME_SCREEN_STATEMENTS = 8;

describe('SQL statements for the member home screen', () => {
  let env: TestEnvironment;
  let memberId: string;

  beforeAll(async () => {
    env = await createTestEnvironment({ now: '2026-03-10T12:00:00Z' });
    await env.app.db.transaction(async (manager) => {
      await seedTiers(manager);
      await seedRewards(manager);
    });
    await upsertProducts(env, [{ sku: 'A', category: 'coffee' }]);
    await createEarningRule(env, {
      name: 'Base',
      kind: 'BASE_RATE',
      parameters: { pointsPerUnit: 1, unitAmountMinor: 100 },
    });
    memberId = (await registerMember(env)).id;
    for (let i = 0; i < 12; i++) await recordOrder(env, orderInput(memberId, [['A', 1 + i, 1500]]));
    await givePoints(env, memberId, 5000);
  });
  afterAll(() => env.stop());

  it('answers profile, tier, progress, balance, ledger page and affordable rewards in the same statements for 3 entries as for 10', async () => {
    const token = await env.memberToken(memberId);
    await env.gql(HOME_SCREEN, { ledger: 1 }, token); // programme configuration cached as in production
    const small = await env.countStatements(() => env.gql<any>(HOME_SCREEN, { ledger: 3 }, token));
    const large = await env.countStatements(() => env.gql<any>(HOME_SCREEN, { ledger: 10 }, token));
    expect(large.result.errors).toBeUndefined();
    const me = large.result.data.me;
    expect(me.id).toBe(memberId);
    expect(me.tier.tier.code).toBe(me.tierProgress.current.code);
    expect(me.points.available).toBeGreaterThan(5000);
    expect(me.pointsLedger.edges).toHaveLength(10);
    expect(me.pointsLedger.edges[0].node).toMatchObject({ type: 'ADJUST', points: 5000 });
    expect(small.result.data.me.pointsLedger.edges).toHaveLength(3);
    expect(me.affordableRewards.length).toBeGreaterThan(0);
    expect(me.affordableRewards.every((reward: any) => reward.pointsPrice <= me.points.available)).toBe(true);
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(HOME_SCREEN_STATEMENTS);
  });

  it('still answers explanations when the page asks for them', async () => {
    const token = await env.memberToken(memberId);
    const response = await env.gql<any>(
      `{ me { pointsLedger(first: 2) { edges { node { type ...Why } } } } }
       fragment Why on LedgerEntry { explanation { summary } }`,
      {},
      token,
    );
    expect(response.errors).toBeUndefined();
    const [adjust, earn] = response.data.me.pointsLedger.edges.map((edge: any) => edge.node);
    expect(adjust.type).toBe('ADJUST');
    expect(earn.explanation.summary.length).toBeGreaterThan(0);
  });
});
