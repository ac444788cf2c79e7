import type { EntityTarget, ObjectLiteral } from 'typeorm';
import { createLogger } from '../../src/common/logger';
import { SeedRun } from '../../src/data/seed-run.entity';
import { ActivityEvent } from '../../src/modules/activity/activity-event.entity';
import { Product } from '../../src/modules/catalog/product.entity';
import { BehaviourAwardRecord } from '../../src/modules/earning/behaviour-award.entity';
import { EarningRule } from '../../src/modules/earning/earning-rule.entity';
import { FeedbackResponse, Survey } from '../../src/modules/feedback';
import { IdempotencyKey } from '../../src/modules/idempotency/idempotency-key.entity';
import { KpiGrouping } from '../../src/modules/insight/insight.enums';
import { Member } from '../../src/modules/members/member.entity';
import { Order, OrderLine, OrderRefund } from '../../src/modules/orders';
import { LedgerEntry, PointsLot } from '../../src/modules/points';
import {
  MemberProduct,
  ProductNeighbour,
} from '../../src/modules/recommendations/recommendation-model.entities';
import { Referral } from '../../src/modules/rewards/referral.entity';
import { Reward } from '../../src/modules/rewards/reward.entity';
import { MemberTierRow } from '../../src/modules/tiers/member-tier.entity';
import { TierChange } from '../../src/modules/tiers/tier-change.entity';
import { Tier } from '../../src/modules/tiers/tier.entity';
import { DEMO_MEMBER_COUNT, DEMO_SEED, seedDemoData } from '../../seeds/demo-seed';
import { DEMO_PRODUCTS } from '../../seeds/demo-products';
import {
  createTestEnvironment,
  type GraphQLResponse,
  type TestEnvironment,
} from '../harness/test-environment';

interface MemberView {
  id: string;
  status: string;
  tier: { tier: { code: string } } | null;
  points: { available: number; pending: number; held: number; debt: number };
  orders: {
    edges: {
      node: {
        id: string;
        channel: string;
        storeId: string | null;
        pointsEarned: number;
        lines: { sku: string }[];
      };
    }[];
    pageInfo: { hasNextPage: boolean };
  };
  pointsLedger: {
    edges: {
      node: {
        type: string;
        points: number;
        availableDelta: number;
        pendingDelta: number;
        heldDelta: number;
        orderId: string | null;
        reason: string;
        explanation: { summary: string; rules: { name: string }[] };
        source: { kind: string };
      };
    }[];
    pageInfo: { hasNextPage: boolean };
  };
}

interface MembersPage {
  members: { edges: { node: MemberView }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
}

const PAGE = 3;
const MEMBERS = `query ($first: Int!, $after: String) { members(first: $first, after: $after) {
  edges { node {
    id status tier { tier { code } } points { available pending held debt }
    orders(first: 25) { edges { node { id channel storeId pointsEarned lines { sku } } } pageInfo { hasNextPage } }
    pointsLedger(first: 60) { edges { node {
      type points availableDelta pendingDelta heldDelta orderId reason explanation { summary rules { name } } source { kind }
    } } pageInfo { hasNextPage } }
  } }
  pageInfo { hasNextPage endCursor }
} }`;

const TABLES: [string, EntityTarget<ObjectLiteral>][] = [
  ['members', Member],
  ['products', Product],
  ['tiers', Tier],
  ['earning rules', EarningRule],
  ['rewards', Reward],
  ['orders', Order],
  ['order lines', OrderLine],
  ['refunds', OrderRefund],
  ['ledger entries', LedgerEntry],
  ['points lots', PointsLot],
  ['behaviour awards', BehaviourAwardRecord],
  ['referrals', Referral],
  ['member tiers', MemberTierRow],
  ['tier changes', TierChange],
  ['activity events', ActivityEvent],
  ['idempotency keys', IdempotencyKey],
  ['recommendation purchases', MemberProduct],
  ['surveys', Survey],
  ['feedback responses', FeedbackResponse],
];

/** programKpis figures that are sums over orders, entries or responses: a grouping must add up to them. */
const ADDITIVE_KPIS = [
  'newMembers',
  'orders',
  'revenueMinor',
  'pointsIssued',
  'pointsRedeemed',
  'pointsExpired',
  'npsResponses',
] as const;
type KpiRow = Record<(typeof ADDITIVE_KPIS)[number], number | null> & { key: string | null };
const EVER = { from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' };

describe('demo seed', () => {
  let env: TestEnvironment;
  let staff: string;
  let members: MemberView[];

  const counts = async () => {
    const result: Record<string, number> = {};
    for (const [name, entity] of TABLES) result[name] = await env.app.db.manager.count(entity);
    return result;
  };

  beforeAll(async () => {
    env = await createTestEnvironment({ seedDemoData: true });
    staff = await env.staffToken();
    members = [];
    let after: string | null = null;
    do {
      const response: GraphQLResponse<MembersPage> = await env.gql<MembersPage>(
        MEMBERS,
        { first: PAGE, after },
        staff,
      );
      if (!response.data) throw new Error(JSON.stringify(response.errors));
      members.push(...response.data.members.edges.map((edge) => edge.node));
      after = response.data.members.pageInfo.hasNextPage ? response.data.members.pageInfo.endCursor : null;
    } while (after);
  }, 120_000);
  afterAll(() => env.stop());

  it('loads the demo members, most of them with orders from their own channels', () => {
    expect(members).toHaveLength(DEMO_MEMBER_COUNT);
    const withOrders = members.filter((member) => member.orders.edges.length > 0);
    expect(withOrders.length).toBeGreaterThan(DEMO_MEMBER_COUNT * 0.7);
    const orders = members.flatMap((member) => member.orders.edges.map((edge) => edge.node));
    expect(orders.length).toBeGreaterThan(1_200);
    expect(new Set(orders.map((order) => order.channel))).toEqual(
      new Set(['online-store', 'pos', 'mini-program', 'app', 'shopify']),
    );
    expect(orders.filter((order) => order.channel === 'pos').every((order) => order.storeId !== null)).toBe(
      true,
    );
    expect(members.every((member) => !member.orders.pageInfo.hasNextPage)).toBe(true);
  });

  it("gives every member a points balance that their ledger adds up to, every order's points an entry", () => {
    let earners = 0;
    for (const member of members) {
      expect(member.pointsLedger.pageInfo.hasNextPage).toBe(false);
      const entries = member.pointsLedger.edges.map((edge) => edge.node);
      const sum = (pick: (entry: (typeof entries)[number]) => number) =>
        entries.reduce((total, entry) => total + pick(entry), 0);
      expect({ id: member.id, ...member.points }).toEqual({
        id: member.id,
        available: sum((entry) => entry.availableDelta),
        pending: sum((entry) => entry.pendingDelta),
        held: sum((entry) => entry.heldDelta),
        debt: 0,
      });
      for (const { node: order } of member.orders.edges.filter((edge) => edge.node.pointsEarned > 0)) {
        const earned = entries.find((entry) => entry.type === 'EARN' && entry.orderId === order.id);
        expect(earned?.points).toBe(order.pointsEarned);
        expect(earned?.explanation.summary).toBeTruthy();
      }
      if (member.points.available > 0) earners += 1;
    }
    expect(earners).toBeGreaterThan(DEMO_MEMBER_COUNT * 0.6);
    // Closed members' orders are recorded for insight but earn nothing.
    const closed = members.filter((member) => member.status === 'CLOSED');
    expect(closed.every((member) => member.orders.edges.every((edge) => edge.node.pointsEarned === 0))).toBe(
      true,
    );
  });

  it('applies the earning rules: coffee and sustainable bonuses, behaviours, referrals and refunds', () => {
    const entries = members.flatMap((member) => member.pointsLedger.edges.map((edge) => edge.node));
    const rules = new Set(entries.flatMap((entry) => entry.explanation.rules.map((rule) => rule.name)));
    expect(rules).toContain('Base rate');
    expect(rules).toContain('Coffee lovers');
    expect(rules).toContain('Sustainable choice');
    expect(rules).toContain('Member day');
    const reasons = entries.map((entry) => entry.reason);
    expect(reasons.some((reason) => reason.startsWith('Review written'))).toBe(true);
    expect(reasons.some((reason) => reason.startsWith('Survey completed'))).toBe(true);
    expect(reasons.some((reason) => reason.startsWith('Referred a friend'))).toBe(true);
    expect(entries.some((entry) => entry.type === 'REVERSE')).toBe(true);
  });

  it('upgrades the tiers of members who bought enough', () => {
    const codes = members.map((member) => member.tier?.tier.code ?? 'none');
    expect(codes.filter((code) => code === 'REGULAR').length).toBeGreaterThan(0);
    expect(codes.filter((code) => code === 'SILVER').length).toBeGreaterThan(DEMO_MEMBER_COUNT * 0.2);
    expect(codes.filter((code) => code === 'GOLD').length).toBeGreaterThan(0);
  });

  it('offers the demo products and rewards', async () => {
    const response = await env.gql<{
      products: { edges: { node: { sku: string; category: string; attributes: unknown[] } }[] };
      rewards: { edges: unknown[] };
      tiers: { code: string }[];
    }>(
      `{ products(first: 100) { edges { node { sku category attributes { name value } } } }
         rewards(first: 50) { edges { node { code } } }
         tiers { code } }`,
      {},
      staff,
    );
    expect(response.errors).toBeUndefined();
    const products = response.data!.products.edges.map((edge) => edge.node);
    expect(products.map((product) => product.sku).sort()).toEqual(DEMO_PRODUCTS.map((p) => p.sku).sort());
    expect(products.every((product) => product.attributes.length > 0)).toBe(true);
    expect(new Set(products.map((product) => product.category))).toContain('eco/second-hand');
    expect(response.data!.rewards.edges.length).toBeGreaterThanOrEqual(10);
    expect(response.data!.tiers.map((tier) => tier.code)).toEqual([
      'REGULAR',
      'SILVER',
      'GOLD',
      'DIAMOND',
      'PLUS',
    ]);
  });

  it('recommends products to demo members as soon as the server is up, before any job has run', async () => {
    const buyer = members.find((member) => member.status === 'ACTIVE' && member.orders.edges.length >= 5)!;
    const response = await env.gql<{
      productRecommendations: { product: { sku: string }; reason: { kind: string } }[];
    }>(
      `query ($memberId: ID) { productRecommendations(memberId: $memberId, first: 10, excludePurchased: true) {
        product { sku } reason { kind } } }`,
      { memberId: buyer.id },
      staff,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.productRecommendations.length).toBeGreaterThan(0);
    // Co-purchase neighbours, not only the popularity fallback: the model counted the demo orders.
    expect(await env.app.db.manager.count(ProductNeighbour)).toBeGreaterThan(0);
  });

  it('has surveys answered over the year: NPS by month, and detractor alerts to follow up', async () => {
    const response = await env.gql<{
      surveys: { edges: { node: { code: string } }[] };
      feedbackSummary: { key: string | null; npsResponses: number; nps: number | null }[];
      feedbackResponses: { edges: { node: { npsScore: number; member: { id: string } } }[] };
      activity: { edges: { node: { type: string } }[] };
    }>(
      `query ($summary: FeedbackSummaryInput!) {
        surveys(first: 10) { edges { node { code } } }
        feedbackSummary(input: $summary) { key npsResponses nps }
        feedbackResponses(first: 5, filter: { detractorsOnly: true }) { edges { node { npsScore member { id } } } }
        activity(first: 5, filter: { types: ["feedback.detractor-alert"] }) { edges { node { type } } }
      }`,
      { summary: { ...EVER, groupBy: 'MONTH' } },
      staff,
    );
    expect(response.errors).toBeUndefined();
    const data = response.data!;
    expect(data.surveys.edges.map((edge) => edge.node.code).sort()).toEqual([
      'POST-PURCHASE-NPS',
      'RELATIONSHIP-NPS',
    ]);
    const answered = data.feedbackSummary.reduce((sum, row) => sum + row.npsResponses, 0);
    expect(answered).toBe(await env.app.db.manager.count(FeedbackResponse));
    expect(answered).toBeGreaterThan(50);
    expect(data.feedbackSummary.length).toBeGreaterThanOrEqual(6);
    expect(data.feedbackSummary.every((row) => row.nps !== null)).toBe(true);
    expect(data.feedbackResponses.edges.length).toBeGreaterThan(0);
    expect(data.feedbackResponses.edges.every((edge) => edge.node.npsScore <= 6)).toBe(true);
    expect(data.activity.edges.length).toBeGreaterThan(0);
  });

  it('adds every programKpis grouping up to the ungrouped totals, figures without a channel or store included', async () => {
    // A redemption: points spent carry no channel, like points expired and answers given by email.
    const rewards = await env.gql<{ rewards: { edges: { node: { id: string; code: string } }[] } }>(
      '{ rewards(first: 50) { edges { node { id code } } } }',
      {},
      staff,
    );
    const voucher = rewards.data!.rewards.edges.find((edge) => edge.node.code === 'COFFEE-VOUCHER')!;
    const rich = members.find((member) => member.status === 'ACTIVE' && member.points.available >= 300)!;
    const redeemed = await env.gql(
      'mutation ($rewardId: ID!, $memberId: ID!) { redeemReward(rewardId: $rewardId, memberId: $memberId, idempotencyKey: "demo-kpi") { id } }',
      { rewardId: voucher.node.id, memberId: rich.id },
      staff,
    );
    expect(redeemed.errors).toBeUndefined();

    const kpis = async (groupBy: KpiGrouping) => {
      const response = await env.gql<{ programKpis: KpiRow[] }>(
        `query ($input: ProgramKpisInput!) { programKpis(input: $input) { key ${ADDITIVE_KPIS.join(' ')} } }`,
        { input: { ...EVER, groupBy } },
        staff,
      );
      expect(response.errors).toBeUndefined();
      return response.data!.programKpis;
    };
    const [total] = await kpis(KpiGrouping.NONE);
    expect(total.pointsRedeemed).toBeGreaterThan(0);
    expect(total.npsResponses).toBeGreaterThan(0);
    for (const groupBy of Object.values(KpiGrouping)) {
      const rows = await kpis(groupBy);
      for (const field of ADDITIVE_KPIS) {
        // newMembers is null by store (stores have no joiners): nothing to add up there.
        if (rows.some((row) => row[field] === null)) continue;
        const sum = rows.reduce((acc, row) => acc + row[field]!, 0);
        expect({ groupBy, field, sum }).toEqual({ groupBy, field, sum: total[field] });
      }
    }
  });

  it('changes nothing when run a second time', async () => {
    const before = await counts();
    await expect(seedDemoData(env.app.db, createLogger('silent'))).resolves.toBe(false);
    expect(await counts()).toEqual(before);
  });

  it('doubles nothing when re-run after a crash before the seed was recorded as done', async () => {
    const before = await counts();
    await env.app.db.manager.delete(SeedRun, { name: DEMO_SEED });
    // The stage that records the orders replays them all: each service call finds its first result.
    await expect(seedDemoData(env.app.db, createLogger('silent'))).resolves.toBe(true);
    expect(await counts()).toEqual(before);
    expect(await env.app.db.manager.count(SeedRun, { where: { name: DEMO_SEED } })).toBe(1);
  }, 120_000);
});
