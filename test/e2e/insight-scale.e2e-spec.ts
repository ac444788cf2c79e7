import { ActivityEvent } from '../../src/modules/activity/activity-event.entity';
import { Order } from '../../src/modules/orders/order.entity';
import { OrderStatus } from '../../src/modules/orders/order.enums';
import { LedgerEntry } from '../../src/modules/points/ledger-entry.entity';
import { LedgerEntryType, PointsSourceKind } from '../../src/modules/points/points.enums';
import { registerMember } from '../harness/members.fixtures';
import { orderInput, recordOrder, upsertProducts } from '../harness/orders.fixtures';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';

const BIG = 2_000_000_000; // one order or entry fits a 32-bit column; two of them do not

describe('insight beyond 32-bit totals', () => {
  let env: TestEnvironment;
  let staff: string;
  let whale: number;
  const job = () => env.app.core.jobs.find((candidate) => candidate.name === 'insight-recompute')!;

  /** Orders written directly (the API caps an order well below these amounts on purpose). */
  async function insertOrder(memberId: number, purchasedAt: string, merchandiseMinor: number) {
    const at = new Date(purchasedAt);
    await env.app.db.manager.insert(Order, {
      channel: 'online-store',
      externalId: `BIG-${memberId}-${purchasedAt}`,
      memberId,
      storeId: null,
      currency: 'EUR',
      merchandiseMinor,
      totalMinor: merchandiseMinor,
      status: OrderStatus.COMPLETED,
      purchasedAt: at,
      requestHash: '',
      createdAt: at,
      updatedAt: at,
    });
  }

  beforeAll(async () => {
    env = await createTestEnvironment();
    staff = await env.staffToken();
    whale = Number((await registerMember(env)).id);
    await insertOrder(whale, '2026-10-05T12:00:00Z', BIG);
    await insertOrder(whale, '2026-10-20T12:00:00Z', BIG);
    for (const day of ['05', '20']) {
      await env.app.db.manager.insert(LedgerEntry, {
        memberId: whale,
        type: LedgerEntryType.EARN,
        points: BIG,
        availableAfter: 0,
        sourceKind: PointsSourceKind.ORDER,
        reason: 'test',
        explanationJson: '{}',
        createdAt: new Date(`2026-10-${day}T12:00:00Z`),
      });
    }
  }, 120_000);
  afterAll(() => env.stop());

  it('reports revenue and points above 2^31-1 in the programme KPIs', async () => {
    const response = await env.gql<any>(
      `query ($input: ProgramKpisInput!) { programKpis(input: $input) { orders revenueMinor averageOrderValueMinor pointsIssued } }`,
      { input: { from: '2026-10-01T00:00:00Z', to: '2026-11-01T00:00:00Z', groupBy: 'NONE' } },
      staff,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data.programKpis).toEqual([
      { orders: 2, revenueMinor: 2 * BIG, averageOrderValueMinor: BIG, pointsIssued: 2 * BIG },
    ]);
  });

  it("stores and answers a member's spend and CLV above 2^31-1", async () => {
    await job().run(new Date('2026-11-01T00:00:00Z'));
    const response = await env.gql<any>(
      `query ($id: ID!) { member(id: $id) { insight { orderCount monetaryMinor clvMinor } } }`,
      { id: String(whale) },
      staff,
    );
    expect(response.errors).toBeUndefined();
    const insight = response.data.member.insight;
    expect(insight).toMatchObject({ orderCount: 2, monetaryMinor: 2 * BIG });
    expect(insight.clvMinor).toBeGreaterThan(2 ** 31);
  });
});

describe('the insight job run by two instances at once', () => {
  let env: TestEnvironment;
  const members: string[] = [];
  const job = () => env.app.core.jobs.find((candidate) => candidate.name === 'insight-recompute')!;

  beforeAll(async () => {
    env = await createTestEnvironment();
    await upsertProducts(env, [{ sku: 'ITEM', category: 'misc' }]);
    for (let i = 0; i < 3; i++) {
      const member = (await registerMember(env)).id;
      members.push(member);
      for (const date of ['2026-09-01', '2026-09-15', '2026-10-01']) {
        const response = await recordOrder(
          env,
          orderInput(member, [['ITEM', 1, 1000 * (i + 1)]], { purchasedAt: `${date}T12:00:00Z` }),
        );
        if (response.errors) throw new Error(JSON.stringify(response.errors));
      }
    }
    await job().run(new Date('2026-10-05T00:00:00Z'));
  }, 120_000);
  afterAll(() => env.stop());

  it('raises each lifecycle change once', async () => {
    // Months later all three, who bought every 15 days, have churned: one event each, whoever records it.
    const later = new Date('2027-06-01T00:00:00Z');
    await Promise.all([job().run(later), job().run(later)]);
    const events = await env.app.db.manager.find(ActivityEvent, {
      where: { type: 'member.lifecycle-changed' },
      order: { memberId: 'ASC' },
    });
    expect(events.map((e) => [String(e.memberId), e.payload.to])).toEqual(
      members.map((id) => [id, 'CHURNED']),
    );
  });
});
