import { SYSTEM_PRINCIPAL } from '../src/auth/principal';
import type { RequestContext } from '../src/common/request-context';
import type { Core } from '../src/core';
import type { Database } from '../src/data/database';
import { Behaviour } from '../src/modules/earning';
import { MemberStatus } from '../src/modules/members';
import { RefundKind, type RecordOrderInput, type RefundOrderInput } from '../src/modules/orders';
import { Referral } from '../src/modules/rewards';
import { DEMO_BUNDLES, DEMO_PRODUCTS } from './demo-products';
import { demoAnswers, ensureDemoSurveys } from './demo-surveys';
import { createRandom } from './random';
import { shopperHistory, type Shopper, type SyntheticOrder } from './synthetic-orders';

export interface DemoMember extends Shopper {
  status: MemberStatus;
}

export interface DemoOrdersOptions {
  /** PRNG seed of the histories. */
  seed: number;
  /** The histories end here (no order after it) and start a year before. Keep it fixed across re-runs. */
  until: Date;
  /** Members referred by another member before their first order (default 12). */
  referrals?: number;
  /** Median orders a year of active members (default 6). */
  medianOrdersPerYear?: number;
  /** Members recorded at the same time (default 6 on MySQL/MariaDB, 1 on SQLite). */
  concurrency?: number;
}

export interface DemoOrdersResult {
  orders: number;
  refunds: number;
  reviews: number;
  /** Survey answers (feedback responses), each earning its points through the earning rules. */
  surveys: number;
  /** Of those, NPS 0-6: each raised a detractor alert. */
  detractors: number;
  referrals: number;
}

const YEAR_MS = 365 * 86_400_000;

type DemoEvent =
  | { at: Date; kind: 'order'; order: SyntheticOrder }
  | { at: Date; kind: 'refund'; order: SyntheticOrder }
  | { at: Date; kind: 'review'; order: SyntheticOrder }
  | { at: Date; kind: 'survey'; memberId: number; order: SyntheticOrder | null };

/**
 * A year of purchases for the demo members, recorded THROUGH the services as a system principal, in
 * time order (each member's; see the lanes below): every order earns by the earning rules in force, upgrades tiers and rewards referrals
 * as a live one would, and the ledger explains every point. Each order, refund and award is its own
 * transaction, and each is idempotent on a deterministic key (channel + external order id, refund id,
 * behaviour reference), so a re-run after a crash half-way records only what is missing.
 */
export async function seedDemoOrders(
  core: Core,
  db: Database,
  members: DemoMember[],
  options: DemoOrdersOptions,
): Promise<DemoOrdersResult> {
  const ctx: RequestContext = { principal: SYSTEM_PRINCIPAL, requestId: 'demo-seed' };
  const histories = members.map((member) => ({
    member,
    history: shopperHistory(member, {
      seed: options.seed,
      catalog: DEMO_PRODUCTS,
      bundles: DEMO_BUNDLES,
      from: new Date(options.until.getTime() - YEAR_MS),
      until: options.until,
      medianOrdersPerYear: options.medianOrdersPerYear,
    }),
  }));
  const referrals = await applyReferrals(core, db, ctx, histories, options);

  const events: DemoEvent[] = [];
  for (const { member, history } of histories) {
    for (const order of history.orders) {
      events.push({ at: order.purchasedAt, kind: 'order', order });
      if (order.refund) events.push({ at: order.refund.at, kind: 'refund', order });
      if (order.reviewedAt) events.push({ at: order.reviewedAt, kind: 'review', order });
    }
    if (history.surveyAt) {
      // About their latest order when they had one by then (post-purchase), else about the programme.
      const before = history.orders.filter((order) => order.purchasedAt <= history.surveyAt!);
      const order = before.length ? before[before.length - 1] : null;
      events.push({ at: history.surveyAt, kind: 'survey', memberId: member.id, order });
    }
  }
  // Time order, so tiers and caps see the year as it happened; ties by kind, then by id, for determinism.
  events.sort((a, b) => a.at.getTime() - b.at.getTime() || rank(a) - rank(b));

  const statuses = new Map(members.map((member) => [member.id, member.status]));
  const surveys = await ensureDemoSurveys(core, db, ctx);
  // Order ids by external id, for the post-purchase answers (a member's orders are in one lane, earlier).
  const orderIds = new Map<string, number>();
  const result: DemoOrdersResult = {
    orders: 0,
    refunds: 0,
    reviews: 0,
    surveys: 0,
    detractors: 0,
    referrals,
  };
  const replay = async (event: DemoEvent) => {
    switch (event.kind) {
      case 'order': {
        const order = await core.services.orders.record(ctx, recordInput(event.order), null);
        orderIds.set(event.order.externalOrderId, order.id);
        result.orders += 1;
        break;
      }
      case 'refund':
        await core.services.orders.refund(ctx, refundInput(event.order));
        result.refunds += 1;
        break;
      case 'review': {
        // Closed members' orders are history only: they earn nothing for behaviours either.
        if (statuses.get(event.order.memberId) !== MemberStatus.ACTIVE) break;
        await db.transaction((manager) =>
          core.services.earning.awardBehaviour(ctx, manager, {
            memberId: event.order.memberId,
            behaviour: Behaviour.REVIEW_WRITTEN,
            reference: `review:${event.order.externalOrderId}`,
            channel: event.order.channel,
            at: event.at,
          }),
        );
        result.reviews += 1;
        break;
      }
      case 'survey': {
        if (statuses.get(event.memberId) !== MemberStatus.ACTIVE) break;
        // Through the feedback service, as a survey vendor's answer would come: the response, its
        // points (SURVEY_COMPLETED rules), and the activity events, a detractor alert for NPS 0-6.
        // The external id makes a re-run find the first answer instead of answering twice.
        const orderId = event.order ? orderIds.get(event.order.externalOrderId) : undefined;
        const answers = demoAnswers(options.seed, event.memberId, orderId ? 'order' : 'member');
        const submitted = await core.services.feedback.submit(
          ctx,
          {
            surveyId: String(orderId ? surveys.postPurchase : surveys.relationship),
            memberId: String(event.memberId),
            orderId: orderId ? String(orderId) : undefined,
            ...answers,
            externalId: `demo-survey-${event.memberId}`,
          },
          { submittedAt: event.at },
        );
        result.surveys += 1;
        if (submitted.response.npsScore !== null && submitted.response.npsScore <= 6) result.detractors += 1;
        break;
      }
    }
  };
  // Lanes by member: each member's events stay in time order (what earning, tiers and caps depend
  // on), while MySQL/MariaDB records several members at once on its pool. SQLite runs one
  // transaction at a time anyway, so it gets one lane.
  const lanes = options.concurrency ?? (db.kind === 'mysql' ? 6 : 1);
  // The first failure stops every lane (none keeps writing while the caller gives up and closes).
  let failure: { error: unknown } | null = null;
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      for (const event of events) {
        if (failure) return;
        if (memberOf(event) % lanes !== lane) continue;
        try {
          await replay(event);
        } catch (error) {
          failure ??= { error };
        }
      }
    }),
  );
  if (failure) throw (failure as { error: unknown }).error;
  return result;
}

function memberOf(event: DemoEvent): number {
  return event.kind === 'survey' ? event.memberId : event.order.memberId;
}

function rank(event: DemoEvent): number {
  return { order: 0, refund: 1, review: 2, survey: 3 }[event.kind] * 1e9 + memberOf(event);
}

/** The order as its channel would send it: the member known by the channel's own identity. */
export function recordInput(order: SyntheticOrder): RecordOrderInput {
  return {
    channel: order.channel,
    storeId: order.storeId,
    currency: order.currency,
    externalOrderId: order.externalOrderId,
    memberId: null,
    channelIdentity: { channel: order.identity.channel, externalId: order.identity.externalId },
    lines: order.lines.map((line) => ({ ...line })),
    shippingMinor: order.shippingMinor,
    taxMinor: order.taxMinor,
    totalMinor: order.totalMinor,
    purchasedAt: order.purchasedAt,
  };
}

function refundInput(order: SyntheticOrder): RefundOrderInput {
  const refund = order.refund!;
  return {
    channel: order.channel,
    externalOrderId: order.externalOrderId,
    refundId: refund.refundId,
    kind: refund.kind === 'CANCELLATION' ? RefundKind.CANCELLATION : RefundKind.REFUND,
    lines: refund.lines ?? null,
    amountMinor: null,
    reason: refund.kind === 'CANCELLATION' ? 'Cancelled by the customer' : 'Returned by the customer',
  };
}

/**
 * A few members joined through a friend's referral code: applied before any order is recorded, so
 * the friend's first order rewards both. Chosen deterministically; one already referred is skipped.
 */
async function applyReferrals(
  core: Core,
  db: Database,
  ctx: RequestContext,
  histories: { member: DemoMember; history: { orders: SyntheticOrder[] } }[],
  options: DemoOrdersOptions,
): Promise<number> {
  const active = histories.filter(({ member }) => member.status === MemberStatus.ACTIVE);
  const random = createRandom(options.seed ^ 0x5eed);
  const pairs: { refereeId: number; referrerId: number }[] = [];
  const wanted = options.referrals ?? 12;
  const referees = active.filter(({ history }) => history.orders.length > 0);
  for (let attempt = 0; attempt < wanted * 10 && pairs.length < wanted && referees.length > 0; attempt++) {
    const referee = random.pick(referees).member;
    const referrer = random.pick(active).member;
    // The friend joined after the member who referred them; each friend is referred once.
    if (referrer.joinedAt >= referee.joinedAt || pairs.some((p) => p.refereeId === referee.id)) continue;
    pairs.push({ refereeId: referee.id, referrerId: referrer.id });
  }
  if (pairs.length === 0) return 0;
  const codes = await core.services.rewards.referrals.ensureCodes([
    ...new Set(pairs.map((p) => p.referrerId)),
  ]);
  let applied = 0;
  for (const pair of pairs) {
    if (await db.manager.exists(Referral, { where: { refereeId: pair.refereeId } })) continue;
    await core.services.rewards.applyReferralCode(ctx, pair.refereeId, codes.get(pair.referrerId)!);
    applied += 1;
  }
  return applied;
}
