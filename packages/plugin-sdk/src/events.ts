/**
 * The catalogue of activity events: every type the server writes to its outbox, the payload it carries
 * and what it means. Subscriptions, plugin handlers, the GraphQL `details` union and docs/events.md are
 * all derived from this one file, so a new event type is added here first (the server refuses to
 * record a type that is not listed). Payloads are JSON: dates are ISO-8601 strings; ids of core rows are
 * numbers where the database id is exposed as such and strings where the event already said so.
 *
 * Plugins publish their own events as `<plugin>.<type>` (permission `activity:publish`); those are not
 * in the catalogue and reach handlers with an untyped payload.
 */

/** A ledger movement's origin, as the points ledger records it. */
export interface PointsSourcePayload {
  kind: string;
  reference?: string | null;
  channel?: string | null;
  storeId?: string | null;
  plugin?: string | null;
  staffUserId?: string | null;
  [more: string]: unknown;
}

/** Every points movement (earn, spend, expire, reverse, adjust, hold, release, capture, transfer, unlock). */
export interface PointsMovementPayload {
  entryId: number;
  /** The ledger entry type: EARN, SPEND, EXPIRE, REVERSE, ADJUST, HOLD, RELEASE, TRANSFER, UNLOCK. */
  type: string;
  /** Signed points of the entry. */
  points: number;
  availableDelta: number;
  pendingDelta: number;
  heldDelta: number;
  balance: { available: number; pending: number; held: number };
  source: PointsSourcePayload;
  orderId: number | null;
  holdId: number | null;
  /** One line explaining how the points were computed or why they moved. */
  explanation: string;
}

export interface PointsExpiringSoonPayload {
  points: number;
  firstExpiry: string;
  lots: number[];
}

export interface BehaviourRewardedPayload {
  behaviour: string;
  reference: string;
  points: number;
  capped: boolean;
  rules: { id: number; version: number }[];
  ledgerEntryId: number;
}

export interface MemberRegisteredPayload {
  joinChannel: string;
  /** How many channel identities were linked at registration. */
  identities: number;
}

export interface MemberFieldsChangedPayload {
  /** Names of the profile or preference fields that changed (never their values). */
  fields: string[];
}

export interface MemberClosedPayload {
  reason: string;
}

export type MemberReactivatedPayload = Record<string, never>;

export interface MemberIdentityPayload {
  channel: string;
}

export interface MemberMergedPayload {
  survivorId: number;
  mergedId: number;
  movedIdentities: number;
}

export type MemberErasedPayload = Record<string, never>;

export interface MemberLifecycleChangedPayload {
  from: string | null;
  to: string;
  segment: string | null;
  churnRisk: number | null;
  orderCount: number;
  recencyDays: number | null;
  cadenceDays: number | null;
}

export interface OrderRecordedPayload {
  orderId: number;
  channel: string;
  externalOrderId: string;
  storeId: string | null;
  currency: string;
  totalMinor: number;
  merchandiseMinor: number;
  /** Number of order lines. */
  lines: number;
  pointsEarned: number;
  purchasedAt: string;
}

export interface OrderRefundedPayload {
  orderId: number;
  refundId: string;
  kind: string;
  amountMinor: number;
  refundedMinor: number;
  status: string;
  pointsReversed: number;
  /** Points the member had already spent, so could not be taken back. */
  pointsUncollected: number;
  lines: unknown[];
}

export interface CouponPayload {
  couponId: string;
  rewardId: string;
  memberId: string;
  source: string;
  status: string;
  validUntil: string | null;
  usedAt: string | null;
}

export interface RedemptionPayload {
  redemptionId: string;
  memberId: string;
  rewardId: string;
  rewardCode: string;
  rewardType: string;
  pointsSpent: number;
  status: string;
  fulfilmentStatus: string | null;
  ledgerEntryId: string | null;
  stockAfter: number | null;
  redeemedCountAfter: number;
  coupon: CouponPayload | null;
}

export interface FulfilmentUpdatedPayload {
  redemptionId: string;
  rewardId: string;
  fulfilmentStatus: string;
}

export interface ReferralAppliedPayload {
  referralId: string;
  referrerId: string;
  status: string;
}

export interface ReferralRewardedPayload {
  referralId: string;
  orderId: string;
  status: string;
  refereePoints: number;
  referrerId: string | null;
  referrerPoints: number;
}

export interface BenefitGrantedPayload {
  benefit: string;
  /** The period granted, e.g. `2026` for a birthday or `2026-03-05` for a member day. */
  period: string;
  points: number;
  couponIds: string[];
}

export interface TierRefPayload {
  code: string;
  name: string;
  rank: number;
}

export interface TierChangedPayload {
  memberId: number;
  /** UPGRADE, DOWNGRADE, MANUAL (staff assigned it), RELEASED, MERGED, GRACE_STARTED or KEPT. */
  reason: string;
  from: TierRefPayload | null;
  to: TierRefPayload | null;
  /** The qualifying figures the decision used; null for MANUAL, RELEASED and MERGED. */
  figures: Record<string, unknown> | null;
  achievedAt: string | null;
  reviewAt: string | null;
  graceUntil: string | null;
  manual: boolean;
}

export interface FeedbackPayload {
  responseId: number;
  surveyId: number;
  surveyCode: string;
  orderId: number | null;
  storeId: string | null;
  channel: string | null;
  tierCode: string | null;
  nps: number | null;
  csat: number | null;
  ces: number | null;
  hasSuggestion: boolean;
  pointsAwarded: number;
  /** Set on `feedback.detractor-alert`: the alert support staff will work. */
  alertId?: number;
}

export interface DetractorAlertPayload {
  alertId: number;
  status: string;
  claimedBy: string | null;
  npsScore: number;
  noteId?: number;
}

/** Event type → payload type. */
export interface ActivityEventCatalogue {
  'member.registered': MemberRegisteredPayload;
  'member.updated': MemberFieldsChangedPayload;
  'member.preferences-changed': MemberFieldsChangedPayload;
  'member.closed': MemberClosedPayload;
  'member.reactivated': MemberReactivatedPayload;
  'member.identity-linked': MemberIdentityPayload;
  'member.identity-unlinked': MemberIdentityPayload;
  'member.merged': MemberMergedPayload;
  'member.erased': MemberErasedPayload;
  'member.lifecycle-changed': MemberLifecycleChangedPayload;
  'points.earned': PointsMovementPayload;
  'points.spent': PointsMovementPayload;
  'points.expired': PointsMovementPayload;
  'points.reversed': PointsMovementPayload;
  'points.adjusted': PointsMovementPayload;
  'points.held': PointsMovementPayload;
  'points.hold-released': PointsMovementPayload;
  'points.hold-captured': PointsMovementPayload;
  'points.transferred': PointsMovementPayload;
  'points.unlocked': PointsMovementPayload;
  'points.expiring-soon': PointsExpiringSoonPayload;
  'behaviour.rewarded': BehaviourRewardedPayload;
  'order.recorded': OrderRecordedPayload;
  'order.refunded': OrderRefundedPayload;
  'reward.redeemed': RedemptionPayload;
  'reward.redemption-cancelled': RedemptionPayload;
  'reward.fulfilment-updated': FulfilmentUpdatedPayload;
  'coupon.used': CouponPayload;
  'referral.applied': ReferralAppliedPayload;
  'referral.rewarded': ReferralRewardedPayload;
  'benefit.birthday-granted': BenefitGrantedPayload;
  'benefit.member-day-granted': BenefitGrantedPayload;
  'tier.changed': TierChangedPayload;
  'tier.grace-started': TierChangedPayload;
  'tier.kept': TierChangedPayload;
  'feedback.submitted': FeedbackPayload;
  'feedback.detractor-alert': FeedbackPayload;
  'feedback.alert-claimed': DetractorAlertPayload;
  'feedback.alert-released': DetractorAlertPayload;
  'feedback.alert-noted': DetractorAlertPayload;
  'feedback.alert-resolved': DetractorAlertPayload;
}

export type ActivityEventType = keyof ActivityEventCatalogue;
export type ActivityPayload<T extends ActivityEventType> = ActivityEventCatalogue[T];

/** The shapes payloads take; several event types share one (all points movements, for instance). */
export type ActivityPayloadShape =
  | 'PointsMovement'
  | 'PointsExpiringSoon'
  | 'BehaviourRewarded'
  | 'MemberRegistered'
  | 'MemberFieldsChanged'
  | 'MemberClosed'
  | 'MemberIdentity'
  | 'MemberMerged'
  | 'MemberLifecycleChanged'
  | 'NoDetails'
  | 'OrderRecorded'
  | 'OrderRefunded'
  | 'Redemption'
  | 'FulfilmentUpdated'
  | 'Coupon'
  | 'ReferralApplied'
  | 'ReferralRewarded'
  | 'BenefitGranted'
  | 'TierChanged'
  | 'Feedback'
  | 'DetractorAlert';

export interface ActivityEventDescription {
  /** The bounded context that writes it. */
  context: 'members' | 'points' | 'earning' | 'orders' | 'rewards' | 'tiers' | 'feedback' | 'insight';
  /** When it is written and what it means. */
  description: string;
  shape: ActivityPayloadShape;
}

const points = (description: string): ActivityEventDescription => ({
  context: 'points',
  description,
  shape: 'PointsMovement',
});

/** Every catalogue type with its description; TypeScript keeps this list and the interface in step. */
export const ACTIVITY_EVENTS: { readonly [T in ActivityEventType]: ActivityEventDescription } = {
  'member.registered': {
    context: 'members',
    description: 'A member joined, with the channel they joined through.',
    shape: 'MemberRegistered',
  },
  'member.updated': {
    context: 'members',
    description: 'Profile fields changed (the names of the fields, never their values).',
    shape: 'MemberFieldsChanged',
  },
  'member.preferences-changed': {
    context: 'members',
    description: 'Marketing consent or communication preferences changed.',
    shape: 'MemberFieldsChanged',
  },
  'member.closed': {
    context: 'members',
    description: 'The membership was closed, with the exit reason.',
    shape: 'MemberClosed',
  },
  'member.reactivated': {
    context: 'members',
    description: 'A closed or dormant member became active again.',
    shape: 'NoDetails',
  },
  'member.identity-linked': {
    context: 'members',
    description: 'A channel identity (POS, shop, mini-program...) was linked to the member.',
    shape: 'MemberIdentity',
  },
  'member.identity-unlinked': {
    context: 'members',
    description: 'A channel identity was unlinked from the member.',
    shape: 'MemberIdentity',
  },
  'member.merged': {
    context: 'members',
    description: 'A duplicate member was merged into this one (identities, points and history move).',
    shape: 'MemberMerged',
  },
  'member.erased': {
    context: 'members',
    description: "The member's personal data was erased; the anonymised ledger stays.",
    shape: 'NoDetails',
  },
  'member.lifecycle-changed': {
    context: 'insight',
    description: 'The nightly insight run moved the member to another lifecycle stage.',
    shape: 'MemberLifecycleChanged',
  },
  'points.earned': points('Points were earned (a purchase, a behaviour, a plugin), available or pending.'),
  'points.spent': points('Points were spent (a reward, a points payment capture, a partner transfer).'),
  'points.expired': points('Lots passed their expiry date and their remaining points expired.'),
  'points.reversed': points('Earned points were taken back (an order refund or an earning reversal).'),
  'points.adjusted': points('Staff or a plugin adjusted the balance by hand, with a reason.'),
  'points.held': points('Points were put on hold for a payment with points.'),
  'points.hold-released': points('A hold was released: its points are available again.'),
  'points.hold-captured': points('A hold was captured: its points are spent.'),
  'points.transferred': points('Points left to or arrived from a partner programme.'),
  'points.unlocked': points('Pending purchase points became available once the return window closed.'),
  'points.expiring-soon': {
    context: 'points',
    description: "A warning: some of the member's points expire soon (written once per warning window).",
    shape: 'PointsExpiringSoon',
  },
  'behaviour.rewarded': {
    context: 'earning',
    description: 'Points for a behaviour (review, referral share, green action...) by an earning rule.',
    shape: 'BehaviourRewarded',
  },
  'order.recorded': {
    context: 'orders',
    description: 'An order was recorded from a channel, with the points it earned.',
    shape: 'OrderRecorded',
  },
  'order.refunded': {
    context: 'orders',
    description: 'An order was refunded or cancelled, in part or in full, and its points taken back.',
    shape: 'OrderRefunded',
  },
  'reward.redeemed': {
    context: 'rewards',
    description: 'A member redeemed a reward from the catalogue for points.',
    shape: 'Redemption',
  },
  'reward.redemption-cancelled': {
    context: 'rewards',
    description: 'A redemption was cancelled and its points returned.',
    shape: 'Redemption',
  },
  'reward.fulfilment-updated': {
    context: 'rewards',
    description: "Staff moved a gift's fulfilment forward (PENDING, SHIPPED, DELIVERED).",
    shape: 'FulfilmentUpdated',
  },
  'coupon.used': {
    context: 'rewards',
    description: 'A coupon was used at a till or a partner (the code itself is never in the event).',
    shape: 'Coupon',
  },
  'referral.applied': {
    context: 'rewards',
    description: 'A new member was referred by an existing one; the reward waits for a first order.',
    shape: 'ReferralApplied',
  },
  'referral.rewarded': {
    context: 'rewards',
    description: "The referee's first order rewarded both sides of a referral.",
    shape: 'ReferralRewarded',
  },
  'benefit.birthday-granted': {
    context: 'rewards',
    description: 'The birthday benefit (points and/or coupons) was granted for the year.',
    shape: 'BenefitGranted',
  },
  'benefit.member-day-granted': {
    context: 'rewards',
    description: 'The member-day benefit was granted for the day.',
    shape: 'BenefitGranted',
  },
  'tier.changed': {
    context: 'tiers',
    description:
      'The member moved tier. `reason`: UPGRADE (a threshold was met), DOWNGRADE (after grace), MANUAL (staff assigned it with `assignTier`), RELEASED (a manual assignment was released) or MERGED.',
    shape: 'TierChanged',
  },
  'tier.grace-started': {
    context: 'tiers',
    description: 'A review found the member below their tier: they keep it until `graceUntil`.',
    shape: 'TierChanged',
  },
  'tier.kept': {
    context: 'tiers',
    description: 'A review found the member still qualifies: the tier is kept until the next review.',
    shape: 'TierChanged',
  },
  'feedback.submitted': {
    context: 'feedback',
    description: 'A member answered a survey (NPS, CSAT, CES); points awarded if the survey pays.',
    shape: 'Feedback',
  },
  'feedback.detractor-alert': {
    context: 'feedback',
    description: 'The answer was a detractor (NPS 0-6): an alert for support staff to close the loop.',
    shape: 'Feedback',
  },
  'feedback.alert-claimed': {
    context: 'feedback',
    description: 'An agent claimed a detractor alert.',
    shape: 'DetractorAlert',
  },
  'feedback.alert-released': {
    context: 'feedback',
    description: 'An agent released a detractor alert they had claimed.',
    shape: 'DetractorAlert',
  },
  'feedback.alert-noted': {
    context: 'feedback',
    description: 'An agent added a note to a detractor alert.',
    shape: 'DetractorAlert',
  },
  'feedback.alert-resolved': {
    context: 'feedback',
    description: 'A detractor alert was resolved.',
    shape: 'DetractorAlert',
  },
};

export const ACTIVITY_EVENT_TYPES = Object.keys(ACTIVITY_EVENTS) as ActivityEventType[];

export function isActivityEventType(type: string): type is ActivityEventType {
  return Object.prototype.hasOwnProperty.call(ACTIVITY_EVENTS, type);
}
