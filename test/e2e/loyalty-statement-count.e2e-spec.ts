import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';
import { registerMember } from '../harness/members.fixtures';
import { createEarningRule, orderInput, recordOrder, upsertProducts } from '../harness/orders.fixtures';
import { seedTiers } from '../../seeds/demo-tiers';

const LIST = `query ($first: Int!) { members(first: $first) { edges { node {
  id
  points { available pending held nextExpiry { points expiresAt } }
  tier { tier { code } since }
  tierProgress { next { code } missingForNext { spendMinor orders } }
  orders(first: 3) { edges { node { id pointsEarned lines { sku quantity } refunds { amountMinor } } } }
  pointsLedger(first: 3) { edges { node { type points explanation { summary } } } }
  pointsLots(first: 3) { edges { node { remaining expiresAt } } }
} } } }`;

describe('SQL statements for a members list with their loyalty data', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await createTestEnvironment();
    await env.app.db.transaction((manager) => seedTiers(manager));
    await upsertProducts(env, [
      { sku: 'A', category: 'coffee' },
      { sku: 'B', category: 'tea' },
    ]);
    await createEarningRule(env, {
      name: 'Base',
      kind: 'BASE_RATE',
      parameters: { pointsPerUnit: 1, unitAmountMinor: 100 },
    });
    for (let i = 0; i < 12; i++) {
      const member = await registerMember(env);
      for (let j = 0; j <= i % 4; j++) {
        await recordOrder(
          env,
          orderInput(member.id, [
            ['A', 1 + j, 1500],
            ['B', 1, 700 + i * 100],
          ]),
        );
      }
    }
  });
  afterAll(() => env.stop());

  it('lists 12 members with balances, tiers, progress, orders with lines and ledger entries in the same statements as 3', async () => {
    const staff = await env.staffToken();
    const small = await env.countStatements(() => env.gql<any>(LIST, { first: 3 }, staff));
    const large = await env.countStatements(() => env.gql<any>(LIST, { first: 12 }, staff));
    expect(large.result.errors).toBeUndefined();
    const nodes = large.result.data.members.edges.map((edge: any) => edge.node);
    expect(nodes).toHaveLength(12);
    expect(nodes.every((node: any) => node.orders.edges.length > 0 && node.points.available > 0)).toBe(true);
    expect(nodes.every((node: any) => node.pointsLedger.edges[0].node.explanation.summary.length > 0)).toBe(
      true,
    );
    expect(large.statements).toBe(small.statements);
  });
});
