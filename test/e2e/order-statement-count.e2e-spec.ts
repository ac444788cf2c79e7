import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';
import { registerMember } from '../harness/members.fixtures';
import { orderInput, upsertProducts } from '../harness/orders.fixtures';
import { seedTiers } from '../../seeds/demo-tiers';
import { seedEarningRules } from '../../seeds/demo-earning-rules';

const RECORD = `mutation ($input: RecordOrderInput!) { recordOrder(input: $input) { id pointsEarned } }`;

/**
 * The write path's round trips (issue 12): the statements one `recordOrder` sends with the demo
 * earning rules and tier ladder, counted as the read-path specs count theirs. The ceiling is what the
 * order needs today (transaction, member, order, lines, account read and update, ledger entry, lot,
 * tier row and figures, audit, the events in one insert; the order row is its own idempotency
 * record, and the products come from the catalog's cache like the programme configuration); a change
 * that adds a round trip to every order fails here.
 */
const CEILING = 13;
/**
 * The same on both engines: a MySQL/MariaDB transaction is START TRANSACTION alone, like SQLite's
 * BEGIN, because each pooled connection was set to READ COMMITTED once (src/data/session-isolation.ts).
 */
const CEILING_RETURNING_MEMBER = CEILING;
/**
 * A first earning opens the member's points account (an insert, then the locking read again) and a
 * first order asks the referrals context whether it rewards a referral.
 */
const CEILING_FIRST_ORDER = CEILING + 3;

describe('SQL statements per recorded order', () => {
  let env: TestEnvironment;
  let staff: string;

  beforeAll(async () => {
    env = await createTestEnvironment({ now: '2026-03-10T12:00:00Z' });
    await env.app.db.transaction(async (manager) => {
      await seedTiers(manager);
      await seedEarningRules(manager);
    });
    await upsertProducts(env, [
      { sku: 'A', category: 'coffee' },
      { sku: 'B', category: 'eco/reusables' },
    ]);
    staff = await env.staffToken();
  });
  afterAll(() => env.stop());

  const record = (memberId: string, lines: [string, number, number][]) =>
    env.countStatements(() => env.gql<any>(RECORD, { input: orderInput(memberId, lines) }, staff));

  it('records a returning member’s order with the demo rules and tiers within the statement ceiling', async () => {
    const member = await registerMember(env);
    // The order before fills the caches (programme configuration, the basket's products) as traffic does.
    await record(member.id, [
      ['A', 1, 1500],
      ['B', 1, 700],
    ]);
    const { result, statements } = await record(member.id, [
      ['A', 2, 1500],
      ['B', 1, 700],
    ]);
    expect(result.errors).toBeUndefined();
    expect(result.data.recordOrder.pointsEarned).toBeGreaterThan(0);
    expect(statements).toBeLessThanOrEqual(CEILING_RETURNING_MEMBER);
  });

  it('records a member’s first order within three statements more: opening the points account and the referral check', async () => {
    const member = await registerMember(env);
    const other = await registerMember(env);
    // Programme configuration and products are cached for seconds: the order before fills the caches again.
    await record(other.id, [
      ['A', 1, 1500],
      ['B', 1, 700],
    ]);
    const { result, statements } = await record(member.id, [['B', 3, 700]]);
    expect(result.errors).toBeUndefined();
    expect(result.data.recordOrder.pointsEarned).toBeGreaterThan(0);
    expect(statements).toBeLessThanOrEqual(CEILING_FIRST_ORDER);
  });

  it('answers a replayed order from its idempotency key, earning nothing more', async () => {
    const member = await registerMember(env);
    const input = orderInput(member.id, [['A', 1, 1500]]);
    const first = await env.gql<any>(RECORD, { input }, staff);
    const replay = await env.gql<any>(RECORD, { input }, staff);
    expect(replay.errors).toBeUndefined();
    expect(replay.data.recordOrder).toEqual(first.data.recordOrder);
    const balance = await env.gql<any>(
      `query ($id: ID!) { member(id: $id) { points { available pending } } }`,
      { id: member.id },
      staff,
    );
    const points = balance.data.member.points;
    expect(points.available + points.pending).toBe(first.data.recordOrder.pointsEarned);
  });
});
