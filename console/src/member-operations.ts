import type { Api } from './api';
import type { TierGap } from './format';

/**
 * The member 360's operations, written by hand against schema/schema.graphql like operations.ts:
 * one summary query for the header cards, then one paged query per list (cursor connections, "load
 * more"), so no list stops at 20 rows. test/e2e/console-member-360.e2e-spec.ts runs every one.
 */
export interface Page<T> {
  nodes: T[];
  hasNextPage: boolean;
  endCursor: string | null;
}

interface Connection<T> {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: T }[];
}

const pageOf = <T>(connection: Connection<T>): Page<T> => ({
  nodes: connection.edges.map((edge) => edge.node),
  hasNextPage: connection.pageInfo.hasNextPage,
  endCursor: connection.pageInfo.endCursor,
});

const PAGE = 'pageInfo { hasNextPage endCursor }';

export interface TierRef {
  code: string;
  name: string;
}

export interface MemberSummary {
  id: string;
  status: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  region: string | null;
  birthday: string | null;
  joinChannel: string;
  joinedAt: string;
  erasedAt: string | null;
  reactivatedAt: string | null;
  mergedInto: { id: string } | null;
  closure: { closedAt: string; reason: string; comment: string | null } | null;
  marketingConsent: { granted: boolean; updatedAt: string | null };
  communicationPreferences: { email: boolean; sms: boolean; push: boolean; mail: boolean };
  channelIdentities: { id: string; channel: string; externalId: string | null; linkedAt: string }[];
  tier: { tier: TierRef; since: string | null; manual: boolean; manualReason: string | null } | null;
  tierProgress: {
    current: TierRef;
    next: TierRef | null;
    keepBy: string | null;
    figures: { spendMinor: number; orders: number; points: number };
    missingForNext: TierGap | null;
    neededToKeep: TierGap | null;
  } | null;
  insight: {
    lifecycleStage: string;
    segment: string | null;
    churnRisk: number | null;
    clvMinor: number | null;
    orderCount: number;
    averageOrderValueMinor: number;
    lastOrderAt: string | null;
  } | null;
  points: {
    available: number;
    pending: number;
    held: number;
    debt: number;
    nextExpiry: { points: number; expiresAt: string } | null;
  };
  affordableRewards: { id: string; name: string; pointsPrice: number }[];
}

const GAP = 'met spendMinor orders points';
const SUMMARY = `query ($id: ID!) { member(id: $id) {
  id status firstName lastName email phone region birthday joinChannel joinedAt erasedAt reactivatedAt
  mergedInto { id } closure { closedAt reason comment }
  marketingConsent { granted updatedAt } communicationPreferences { email sms push mail }
  channelIdentities { id channel externalId linkedAt }
  tier { tier { code name } since manual manualReason }
  tierProgress { current { code name } next { code name } keepBy figures { spendMinor orders points }
    missingForNext { ${GAP} } neededToKeep { ${GAP} } }
  insight { lifecycleStage segment churnRisk clvMinor orderCount averageOrderValueMinor lastOrderAt }
  points { available pending held debt nextExpiry { points expiresAt } }
  affordableRewards(first: 10) { id name pointsPrice }
} pointsPolicy { currency } }`;

export const memberSummary = (api: Api, id: string) =>
  api
    .query<{ member: MemberSummary; pointsPolicy: { currency: string } }>(SUMMARY, { id })
    .then((data) => ({ member: data.member, currency: data.pointsPolicy.currency }));

/** One page of a list under member(id): the field with its arguments and the node's fields. */
function memberPage<T>(api: Api, id: string, field: string, args: string, fields: string, variables = {}) {
  return (after: string | null) =>
    api
      .query<{ member: Record<string, Connection<T>> }>(
        `query ($id: ID!, $after: String${args}) { member(id: $id) { list: ${field} { ${PAGE} edges { node { ${fields} } } } } }`,
        { id, after, ...variables },
      )
      .then((data) => pageOf(data.member.list));
}

export interface LedgerRow {
  id: string;
  type: string;
  points: number;
  availableAfter: number;
  reason: string;
  createdAt: string;
  source: { kind: string; channel: string | null; staffUserId: string | null };
  explanation: { summary: string };
}
export const ledgerPages = (api: Api, id: string, types: string[]) =>
  memberPage<LedgerRow>(
    api,
    id,
    'pointsLedger(first: 20, after: $after, types: $types)',
    ', $types: [LedgerEntryType!]',
    'id type points availableAfter reason createdAt source { kind channel staffUserId } explanation { summary }',
    { types: types.length ? types : null },
  );

export interface LotRow {
  id: string;
  points: number;
  remaining: number;
  status: string;
  earnedAt: string;
  expiresAt: string | null;
  pendingUntil: string | null;
}
export const lotPages = (api: Api, id: string) =>
  memberPage<LotRow>(
    api,
    id,
    'pointsLots(first: 20, after: $after)',
    '',
    'id points remaining status earnedAt expiresAt pendingUntil',
  );

export interface OrderRow {
  id: string;
  channel: string;
  externalId: string;
  status: string;
  totalMinor: number;
  refundedMinor: number;
  currency: string;
  pointsEarned: number;
  pointsReversed: number;
  purchasedAt: string;
  refunds: { id: string; kind: string; amountMinor: number; pointsReversed: number; createdAt: string }[];
}
export const orderPages = (api: Api, id: string) =>
  memberPage<OrderRow>(
    api,
    id,
    'orders(first: 20, after: $after)',
    '',
    'id channel externalId status totalMinor refundedMinor currency pointsEarned pointsReversed purchasedAt refunds { id kind amountMinor pointsReversed createdAt }',
  );

export interface RedemptionRow {
  id: string;
  status: string;
  pointsSpent: number;
  redeemedAt: string;
  cancelledAt: string | null;
  fulfilmentStatus: string | null;
  reward: { name: string };
  coupon: { code: string; status: string } | null;
}
export const redemptionPages = (api: Api, id: string) =>
  memberPage<RedemptionRow>(
    api,
    id,
    'redemptions(first: 20, after: $after)',
    '',
    'id status pointsSpent redeemedAt cancelledAt fulfilmentStatus reward { name } coupon { code status }',
  );

export interface CouponRow {
  id: string;
  code: string;
  status: string;
  source: string;
  issuedAt: string;
  validUntil: string | null;
  usedAt: string | null;
  reward: { name: string };
  redemption: { id: string; status: string } | null;
  /** Both ends of a re-issue: the coupon this one replaced, and the one that replaced it. */
  replaces: { code: string } | null;
  replacedBy: { code: string } | null;
}
export const couponPages = (api: Api, id: string) =>
  memberPage<CouponRow>(
    api,
    id,
    'coupons(first: 20, after: $after)',
    '',
    'id code status source issuedAt validUntil usedAt reward { name } redemption { id status } replaces { code } replacedBy { code }',
  );

export interface TierChangeRow {
  id: string;
  at: string;
  reason: string;
  note: string | null;
  changedBy: string | null;
  from: TierRef | null;
  to: TierRef;
}
export const tierHistoryPages = (api: Api, id: string) =>
  memberPage<TierChangeRow>(
    api,
    id,
    'tierHistory(first: 20, after: $after)',
    '',
    'id at reason note changedBy from { code name } to { code name }',
  );

export interface FeedbackRow {
  id: string;
  submittedAt: string;
  npsScore: number | null;
  csatScore: number | null;
  cesScore: number | null;
  suggestion: string | null;
  channel: string | null;
  survey: { title: string };
}
export const feedbackPages = (api: Api, memberId: string) => (after: string | null) =>
  api
    .query<{ feedbackResponses: Connection<FeedbackRow> }>(
      `query ($memberId: ID!, $after: String) { feedbackResponses(first: 20, after: $after, filter: { memberId: $memberId }) {
        ${PAGE} edges { node { id submittedAt npsScore csatScore cesScore suggestion channel survey { title } } } } }`,
      { memberId, after },
    )
    .then((data) => pageOf(data.feedbackResponses));

export interface Recommendations {
  products: {
    score: number;
    product: { sku: string; title: string };
    reason: { kind: string; text: string };
  }[];
  rewards: { reward: { name: string; pointsPrice: number }; reason: { kind: string; text: string } }[];
}
export const recommendations = (api: Api, memberId: string) =>
  api.query<Recommendations>(
    `query ($memberId: ID!) {
      products: productRecommendations(memberId: $memberId, first: 5) { score product { sku title } reason { kind text } }
      rewards: rewardRecommendations(memberId: $memberId, first: 5) { reward { name pointsPrice } reason { kind text } } }`,
    { memberId },
  );
