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
  /** ORDER, BEHAVIOUR, REWARD, PAYMENT, BENEFIT, TRANSFER, STAFF or JOB. */
  kind: string;
  /** What it is about, e.g. `order:42`, `reward-redemption:7`, `payment:pi_123`. */
  reference?: string | null;
  channel?: string | null;
  storeId?: string | null;
  plugin?: string | null;
  staffUserId?: string | null;
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
  ledgerEntryId: number | null;
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
  /** The refund's id in the server (the platform's refund id is on the order's refunds). */
  refundId: number;
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
  figures: { spendMinor: number; orders: number; points: number } | null;
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
  /** Set on `feedback.alert-noted`: the note's id. */
  noteId?: unknown;
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
  'coupon.voided': CouponPayload;
  'coupon.reissued': CouponPayload;
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

/** The event types of points movements (written by the ledger with a PointsMovementPayload). */
export type PointsMovementEventType =
  | 'points.earned'
  | 'points.spent'
  | 'points.expired'
  | 'points.reversed'
  | 'points.adjusted'
  | 'points.held'
  | 'points.hold-released'
  | 'points.hold-captured'
  | 'points.transferred'
  | 'points.unlocked';
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
    description: 'An insight run moved the member to another lifecycle stage.',
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
    description: "A warning: some of the member's points expire soon.",
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
  'coupon.voided': {
    context: 'rewards',
    description: 'Support voided an unused coupon (alone, or as the old code of a re-issue).',
    shape: 'Coupon',
  },
  'coupon.reissued': {
    context: 'rewards',
    description:
      'Support re-issued a coupon: the payload is the new coupon (same reward and member); the old one was voided.',
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

/** The payload type of each shape (and of the objects nested in payloads). */
export interface ActivityPayloadShapes {
  PointsMovement: PointsMovementPayload;
  PointsExpiringSoon: PointsExpiringSoonPayload;
  BehaviourRewarded: BehaviourRewardedPayload;
  MemberRegistered: MemberRegisteredPayload;
  MemberFieldsChanged: MemberFieldsChangedPayload;
  MemberClosed: MemberClosedPayload;
  MemberIdentity: MemberIdentityPayload;
  MemberMerged: MemberMergedPayload;
  MemberLifecycleChanged: MemberLifecycleChangedPayload;
  NoDetails: Record<string, never>;
  OrderRecorded: OrderRecordedPayload;
  OrderRefunded: OrderRefundedPayload;
  Redemption: RedemptionPayload;
  FulfilmentUpdated: FulfilmentUpdatedPayload;
  Coupon: CouponPayload;
  ReferralApplied: ReferralAppliedPayload;
  ReferralRewarded: ReferralRewardedPayload;
  BenefitGranted: BenefitGrantedPayload;
  TierChanged: TierChangedPayload;
  Feedback: FeedbackPayload;
  DetractorAlert: DetractorAlertPayload;
}

/** Objects nested inside payloads. */
export interface ActivityNestedShapes {
  PointsBalance: PointsMovementPayload['balance'];
  PointsSource: PointsSourcePayload;
  TierRef: TierRefPayload;
  TierFigures: NonNullable<TierChangedPayload['figures']>;
  EarningRuleRef: BehaviourRewardedPayload['rules'][number];
}

/**
 * A payload field as GraphQL and the docs show it: `[type, description]`. The type is a GraphQL scalar
 * (`ID`, `Int`, `String`, `Boolean`, `DateTime`: an ISO-8601 string, `JSON`), a nested shape's name, or a
 * list of either in brackets; a trailing `?` makes it nullable.
 */
export type PayloadFieldSpec = readonly [type: string, description: string];

type FieldsOf<P> = { readonly [K in keyof P]-?: PayloadFieldSpec };

/**
 * Every field of every payload shape, described: TypeScript refuses a field missing here or one the
 * payload type does not have, so the GraphQL `details` types and docs/events.md follow the types.
 */
export const ACTIVITY_PAYLOAD_FIELDS: {
  readonly [S in keyof ActivityPayloadShapes]: FieldsOf<ActivityPayloadShapes[S]>;
} & { readonly [S in keyof ActivityNestedShapes]: FieldsOf<ActivityNestedShapes[S]> } = {
  PointsMovement: {
    entryId: ['ID', 'The ledger entry'],
    type: [
      'String',
      'Ledger entry type: EARN, SPEND, EXPIRE, REVERSE, ADJUST, HOLD, RELEASE, TRANSFER, UNLOCK',
    ],
    points: ['Int', 'Signed points of the entry'],
    availableDelta: ['Int', 'Change of the available balance'],
    pendingDelta: ['Int', 'Change of the pending balance'],
    heldDelta: ['Int', 'Change of the held balance'],
    balance: ['PointsBalance', 'The balance after the movement'],
    source: ['PointsSource', 'Where the movement came from'],
    orderId: ['ID?', 'The order it is about, if any'],
    holdId: ['ID?', 'The hold it is about, if any'],
    explanation: ['String', 'How the points were computed or why they moved'],
  },
  PointsBalance: {
    available: ['Int', 'Spendable points'],
    pending: ['Int', 'Points waiting for the return window'],
    held: ['Int', 'Points on hold for payments'],
  },
  PointsSource: {
    kind: ['String', 'ORDER, BEHAVIOUR, REWARD, PAYMENT, BENEFIT, TRANSFER, STAFF or JOB'],
    reference: ['String?', 'What it is about, e.g. `order:42`'],
    channel: ['String?', 'The channel it came through'],
    storeId: ['String?', 'The store'],
    plugin: ['String?', 'The plugin that caused it'],
    staffUserId: ['String?', 'The staff user who did it'],
  },
  PointsExpiringSoon: {
    points: ['Int', 'Points that expire soon'],
    firstExpiry: ['DateTime', 'When the first of them expire'],
    lots: ['[ID]', 'The lots concerned'],
  },
  BehaviourRewarded: {
    behaviour: ['String', 'The behaviour (REVIEW, SHARE, GREEN_ACTION...)'],
    reference: ['String', "The behaviour's reference (idempotent per member)"],
    points: ['Int', 'Points earned'],
    capped: ['Boolean', 'Whether a cap reduced the points'],
    rules: ['[EarningRuleRef]', 'The earning rules that applied'],
    ledgerEntryId: ['ID?', 'The ledger entry (none when nothing was earned)'],
  },
  EarningRuleRef: {
    id: ['ID', 'The rule'],
    version: ['Int', 'Its version when it applied'],
  },
  MemberRegistered: {
    joinChannel: ['String', 'The channel the member joined through'],
    identities: ['Int', 'Channel identities linked at registration'],
  },
  MemberFieldsChanged: {
    fields: ['[String]', 'Names of the fields that changed (never their values)'],
  },
  MemberClosed: {
    reason: ['String', 'The exit reason'],
  },
  MemberIdentity: {
    channel: ['String', 'The channel of the identity'],
  },
  MemberMerged: {
    survivorId: ['ID', 'The member kept'],
    mergedId: ['ID', 'The duplicate merged into it'],
    movedIdentities: ['Int', 'Channel identities moved'],
  },
  MemberLifecycleChanged: {
    from: ['String?', 'The previous lifecycle stage'],
    to: ['String', 'The new lifecycle stage'],
    segment: ['String?', 'The RFM segment'],
    churnRisk: ['Float?', 'Churn risk, 0 to 1'],
    orderCount: ['Int', 'Orders in the analysis window'],
    recencyDays: ['Int?', 'Days since the last order'],
    cadenceDays: ['Float?', 'Usual days between orders'],
  },
  NoDetails: {},
  OrderRecorded: {
    orderId: ['ID', 'The order'],
    channel: ['String', 'The channel it came from'],
    externalOrderId: ['String', "The channel's order id"],
    storeId: ['String?', 'The store'],
    currency: ['String', 'ISO 4217'],
    totalMinor: ['Int', 'Total paid, minor units'],
    merchandiseMinor: ['Int', 'Merchandise, minor units (what earns)'],
    lines: ['Int', 'Number of order lines'],
    pointsEarned: ['Int', 'Points the order earned'],
    purchasedAt: ['DateTime', 'When it was bought'],
  },
  OrderRefunded: {
    orderId: ['ID', 'The order'],
    refundId: ['ID', 'The refund'],
    kind: ['String', 'REFUND or CANCELLATION'],
    amountMinor: ['Int', 'Merchandise refunded now, minor units'],
    refundedMinor: ['Int', 'Merchandise refunded so far'],
    status: ['String', "The order's status after it"],
    pointsReversed: ['Int', 'Points taken back'],
    pointsUncollected: ['Int', 'Points already spent, so not taken back'],
    lines: ['JSON', 'The lines refunded'],
  },
  Redemption: {
    redemptionId: ['ID', 'The redemption'],
    memberId: ['ID', 'The member'],
    rewardId: ['ID', 'The reward'],
    rewardCode: ['String', "The reward's code"],
    rewardType: ['String', "The reward's type"],
    pointsSpent: ['Int', 'Points paid'],
    status: ['String', 'Redemption status'],
    fulfilmentStatus: ['String?', 'Gift fulfilment status'],
    ledgerEntryId: ['ID?', 'The SPEND entry'],
    stockAfter: ['Int?', 'Stock left (null: unlimited)'],
    redeemedCountAfter: ['Int', 'Redemptions of the reward so far'],
    coupon: ['Coupon?', 'The coupon issued, if any'],
  },
  FulfilmentUpdated: {
    redemptionId: ['ID', 'The redemption'],
    rewardId: ['ID', 'The reward'],
    fulfilmentStatus: ['String', 'PENDING, SHIPPED or DELIVERED'],
  },
  Coupon: {
    couponId: ['ID', 'The coupon (its code is never in events)'],
    rewardId: ['ID', 'The reward'],
    memberId: ['ID', 'The holder'],
    source: ['String', 'Why it was issued'],
    status: ['String', 'ISSUED, USED, EXPIRED, CANCELLED or VOID'],
    validUntil: ['DateTime?', 'Last valid instant'],
    usedAt: ['DateTime?', 'When it was used'],
  },
  ReferralApplied: {
    referralId: ['ID', 'The referral'],
    referrerId: ['ID', 'The member who referred'],
    status: ['String', 'PENDING'],
  },
  ReferralRewarded: {
    referralId: ['ID', 'The referral'],
    orderId: ['ID', "The referee's first order"],
    status: ['String', 'REWARDED'],
    refereePoints: ['Int', "The referee's reward"],
    referrerId: ['ID?', 'The referrer (null once erased)'],
    referrerPoints: ['Int', "The referrer's reward"],
  },
  BenefitGranted: {
    benefit: ['String', 'BIRTHDAY or MEMBER_DAY'],
    period: ['String', 'The period granted (a year or a day)'],
    points: ['Int', 'Points given'],
    couponIds: ['[ID]', 'Coupons issued'],
  },
  TierChanged: {
    memberId: ['ID', 'The member'],
    reason: ['String', 'UPGRADE, DOWNGRADE, MANUAL, RELEASED, MERGED, GRACE_STARTED or KEPT'],
    from: ['TierRef?', 'The tier before'],
    to: ['TierRef?', 'The tier after'],
    figures: ['TierFigures?', 'The qualifying figures the decision used'],
    achievedAt: ['DateTime?', 'When the tier was reached'],
    reviewAt: ['DateTime?', 'Next review'],
    graceUntil: ['DateTime?', 'End of the grace period'],
    manual: ['Boolean', 'Assigned by staff (automatic changes locked)'],
  },
  TierRef: {
    code: ['String', "The tier's code"],
    name: ['String', "The tier's name"],
    rank: ['Int', 'Its rank on the ladder'],
  },
  TierFigures: {
    spendMinor: ['Int', 'Qualifying spend, minor units'],
    orders: ['Int', 'Qualifying orders'],
    points: ['Int', 'Qualifying points'],
  },
  Feedback: {
    responseId: ['ID', 'The answer'],
    surveyId: ['ID', 'The survey'],
    surveyCode: ['String', "The survey's code"],
    orderId: ['ID?', 'The order it is about'],
    storeId: ['String?', 'The store'],
    channel: ['String?', 'The channel'],
    tierCode: ['String?', "The member's tier then"],
    nps: ['Int?', 'NPS score 0-10'],
    csat: ['Int?', 'CSAT 1-5'],
    ces: ['Int?', 'CES'],
    hasSuggestion: ['Boolean', 'Whether a free-text suggestion was given'],
    pointsAwarded: ['Int', 'Points for answering'],
    alertId: ['ID?', 'The detractor alert raised (feedback.detractor-alert)'],
  },
  DetractorAlert: {
    alertId: ['ID', 'The alert'],
    status: ['String', 'OPEN, CLAIMED or RESOLVED'],
    claimedBy: ['String?', 'The agent working it'],
    npsScore: ['Int', 'The NPS score that raised it'],
    noteId: ['ID?', 'The note added (feedback.alert-noted)'],
  },
};
