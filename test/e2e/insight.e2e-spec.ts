import { ActivityEvent } from '../../src/modules/activity/activity-event.entity';
import { registerMember } from '../harness/members.fixtures';
import { orderInput, recordOrder, upsertProducts } from '../harness/orders.fixtures';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';

const INSIGHT = `recencyScore frequencyScore monetaryScore segment lifecycleStage orderCount monetaryMinor
  averageOrderValueMinor cadenceDays churnRisk clvMinor homeStoreId mainChannel`;
const NOW = new Date('2026-11-01T00:00:00Z');

/**
 * Five members with hand-computed figures as of 2026-11-01 (README: formulas):
 *   last order       orders  net      R  F  M  FM  segment         stage
 * A 2026-10-25      6       30000    4  5  5  5   CHAMPIONS       MATURE (monthly, 7 days ago)
 * B 2026-10-10      3        6000    2  2  3  3   AT_RISK         GROWING (monthly, 22 days ago)
 * C 2026-10-28      1        1000    5  1  1  1   NEW_CUSTOMERS   NEW
 * D 2026-01-30      4       16000    1  4  4  4   CANNOT_LOSE     CHURNED (every 20 days, 275 days ago)
 * E 2026-10-20      3        4500    3  2  2  2   NEED_ATTENTION  REACTIVATED (gap of 364 days after 20)
 * F counts 1, 3, 3, 4, 6: B and E tie and share the lower score.
 */
describe('segments, lifecycle, churn risk, CLV and programme KPIs', () => {
  let env: TestEnvironment;
  let staff: string;
  const ids: Record<string, string> = {};
  const job = () => env.app.core.jobs.find((candidate) => candidate.name === 'insight-recompute')!;

  async function orders(
    member: string,
    dates: string[],
    amount: number,
    extra: Record<string, unknown> = {},
  ) {
    for (const date of dates) {
      const response = await recordOrder(
        env,
        orderInput(ids[member], [['ITEM', 1, amount]], { purchasedAt: `${date}T12:00:00Z`, ...extra }),
      );
      if (response.errors) throw new Error(JSON.stringify(response.errors));
    }
  }

  async function insightOf(member: string) {
    const response = await env.gql<any>(
      `query ($id: ID!) { member(id: $id) { insight { ${INSIGHT} } } }`,
      { id: ids[member] },
      staff,
    );
    expect(response.errors).toBeUndefined();
    return response.data.member.insight;
  }

  beforeAll(async () => {
    env = await createTestEnvironment();
    staff = await env.staffToken();
    await upsertProducts(env, [{ sku: 'ITEM', category: 'misc' }]);
    for (const name of ['A', 'B', 'C', 'D', 'E']) ids[name] = (await registerMember(env)).id;
    await orders(
      'A',
      ['2026-05-28', '2026-06-27', '2026-07-27', '2026-08-26', '2026-09-25', '2026-10-25'],
      5000,
    );
    await orders('B', ['2026-08-11', '2026-09-10', '2026-10-10'], 2000, {
      channel: 'pos',
      storeId: 'berlin-1',
    });
    await orders('C', ['2026-10-28'], 1000);
    await orders('D', ['2025-12-01', '2025-12-21', '2026-01-10', '2026-01-30'], 4000);
    await orders('E', ['2025-10-01', '2025-10-21', '2026-10-20'], 1500);
    expect(await job().run(NOW)).toEqual({ members: 5, scored: 5, stageChanges: 0, removed: 0 });
  }, 120_000);
  afterAll(() => env.stop());

  it('scores R, F and M by quintile and names the segments', async () => {
    const figures = Object.fromEntries(
      await Promise.all(
        Object.keys(ids).map(async (name) => {
          const i = await insightOf(name);
          return [name, [i.recencyScore, i.frequencyScore, i.monetaryScore, i.segment, i.lifecycleStage]];
        }),
      ),
    );
    expect(figures).toEqual({
      A: [4, 5, 5, 'CHAMPIONS', 'MATURE'],
      B: [2, 2, 3, 'AT_RISK', 'GROWING'],
      C: [5, 1, 1, 'NEW_CUSTOMERS', 'NEW'],
      D: [1, 4, 4, 'CANNOT_LOSE', 'CHURNED'],
      E: [3, 2, 2, 'NEED_ATTENTION', 'REACTIVATED'],
    });
  });

  it('computes cadence, churn risk and CLV by the documented formulas', async () => {
    // B: gaps 30 and 30 → cadence 30; 22 days since → ratio < 1 → risk 0. CLV 2000 × 3 a year × 3 years.
    expect(await insightOf('B')).toMatchObject({
      orderCount: 3,
      monetaryMinor: 6000,
      averageOrderValueMinor: 2000,
      cadenceDays: 30,
      churnRisk: 0,
      clvMinor: 18000,
      homeStoreId: 'berlin-1',
      mainChannel: 'pos',
    });
    // D: cadence 20, 275 days since → 0.7 × (1 − e^−12.75) = 0.70; all four orders within the year: no trend.
    expect(await insightOf('D')).toMatchObject({ cadenceDays: 20, churnRisk: 0.7 });
  });

  it('finds the members at risk in a store', async () => {
    const response = await env.gql<any>(
      `query { memberInsights(first: 10, filter: { segment: AT_RISK, homeStoreId: "berlin-1" }) {
        edges { node { segment member { id } } } } }`,
      {},
      staff,
    );
    expect(response.data.memberInsights.edges.map((e: any) => e.node.member.id)).toEqual([ids.B]);
  });

  it('raises an event for each stage change, and none when nothing changed', async () => {
    // 2027-02-01: A 99 days after monthly orders (> 3 cadences) and B 114 days → CHURNED; C 96 days
    // after a single order (> 1.5 × 60) → DECLINING; D stays CHURNED; E (cadence 192) stays REACTIVATED.
    const later = new Date('2027-02-01T00:00:00Z');
    expect(await job().run(later)).toMatchObject({ stageChanges: 3 });
    const events = await env.app.db.manager.find(ActivityEvent, {
      where: { type: 'member.lifecycle-changed' },
      order: { id: 'ASC' },
    });
    expect(events.map((e) => [String(e.memberId), e.payload.from, e.payload.to])).toEqual([
      [ids.A, 'MATURE', 'CHURNED'],
      [ids.B, 'GROWING', 'CHURNED'],
      [ids.C, 'NEW', 'DECLINING'],
    ]);
    expect(await job().run(later)).toMatchObject({ stageChanges: 0 });
    // Back to the first date: the stages return, and so do three events.
    expect(await job().run(NOW)).toMatchObject({ stageChanges: 3 });
  });

  it('reports programme KPIs for a month, in total and by channel', async () => {
    const response = await env.gql<any>(
      `query ($input: ProgramKpisInput!) { programKpis(input: $input) { key newMembers activeMembers orders revenueMinor
        averageOrderValueMinor repurchaseRate retentionRate pointsIssued pointsRedeemed pointsExpired redemptionRate
        breakageRate npsResponses nps } }`,
      { input: { from: '2026-10-01T00:00:00Z', to: '2026-11-01T00:00:00Z', groupBy: 'NONE' } },
      staff,
    );
    expect(response.errors).toBeUndefined();
    // October: A 5000, B 2000, C 1000, E 1500 → 4 orders, 9500, AOV 2375; nobody twice → 0% repurchase.
    // September's buyers A and B both bought again in October → 100% retention. No points rules, no surveys.
    expect(response.data.programKpis).toEqual([
      {
        key: null,
        newMembers: 0,
        activeMembers: 4,
        orders: 4,
        revenueMinor: 9500,
        averageOrderValueMinor: 2375,
        repurchaseRate: 0,
        retentionRate: 100,
        pointsIssued: 0,
        pointsRedeemed: 0,
        pointsExpired: 0,
        redemptionRate: null,
        breakageRate: null,
        npsResponses: 0,
        nps: null,
      },
    ]);
    const byChannel = await env.gql<any>(
      `query ($input: ProgramKpisInput!) { programKpis(input: $input) { key activeMembers orders revenueMinor retentionRate newMembers } }`,
      { input: { from: '2026-10-01T00:00:00Z', to: '2026-11-01T00:00:00Z', groupBy: 'CHANNEL' } },
      staff,
    );
    expect(byChannel.data.programKpis).toEqual([
      {
        key: 'online-store',
        activeMembers: 3,
        orders: 3,
        revenueMinor: 7500,
        retentionRate: 100,
        newMembers: 0,
      },
      { key: 'pos', activeMembers: 1, orders: 1, revenueMinor: 2000, retentionRate: 100, newMembers: 0 },
    ]);
  });

  it('counts as retained only the previous period’s buyers who bought again in this one', async () => {
    // 11 Oct to 1 Nov (21 days); the previous 21 days are 20 Sep to 11 Oct: A (25 Sep) and B (10 Oct)
    // bought then; of them only A bought again (25 Oct) → 50%. C and E are new buyers, not retained.
    const response = await env.gql<any>(
      `query ($input: ProgramKpisInput!) { programKpis(input: $input) { key activeMembers retentionRate } }`,
      { input: { from: '2026-10-11T00:00:00Z', to: '2026-11-01T00:00:00Z', groupBy: 'NONE' } },
      staff,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data.programKpis).toEqual([{ key: null, activeMembers: 3, retentionRate: 50 }]);
  });

  it('lets only admins change the thresholds, and refuses inconsistent ones', async () => {
    const UPDATE = `mutation ($input: UpdateInsightSettingsInput!) { updateInsightSettings(input: $input) {
      decliningAfterCadences churnedAfterCadences matureOrders } }`;
    const byStaff = await env.gql(UPDATE, { input: { matureOrders: 4 } }, staff);
    expect(byStaff.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const admin = await env.adminToken();
    const inverted = await env.gql(UPDATE, { input: { churnedAfterCadences: 1.2 } }, admin);
    expect(inverted.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const tooSmall = await env.gql(UPDATE, { input: { matureOrders: 1 } }, admin);
    expect(tooSmall.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const updated = await env.gql<any>(UPDATE, { input: { matureOrders: 7 } }, admin);
    expect(updated.data.updateInsightSettings).toEqual({
      decliningAfterCadences: 1.5,
      churnedAfterCadences: 3,
      matureOrders: 7,
    });
    await job().run(NOW);
    expect((await insightOf('A')).lifecycleStage).toBe('GROWING'); // 6 orders < 7
  });
});
