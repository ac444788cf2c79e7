import type { PointsExplanation } from './explanation';
import type { PointsSourceKind } from './points.enums';

/**
 * The contract other contexts (orders, earning, rewards, pay-with-points, plugins) use to move points.
 * Every method of PointsLedger that takes an EntityManager runs inside the caller's transaction, so the
 * caller's own rows, the ledger entries, the account and the activity events commit together.
 */
export interface PointsSource {
  kind: PointsSourceKind;
  /** Channel the movement came through (online-store, pos, shopify...). */
  channel?: string | null;
  /** Installed plugin that caused it, if any. */
  plugin?: string | null;
  /** Staff user id for adjustments and staff actions. */
  staffUserId?: string | null;
  /** What it is about, e.g. `order:42`, `reward-redemption:7`, `payment:pi_123`. */
  reference?: string | null;
  storeId?: string | null;
}

export interface EarnPoints {
  memberId: number;
  /** Positive integer. */
  points: number;
  source: PointsSource;
  reason: string;
  explanation?: PointsExplanation;
  /** The order these points were earned on: refunds take back from its lots first. */
  orderId?: number | null;
  /** Points unusable until then (the return window); null or absent = usable at once. */
  pendingUntil?: Date | null;
  /** Override the policy's expiry for this lot; absent = the policy decides, null = never. */
  expiresAt?: Date | null;
  /** Behaviour or benefit rule that earned it, for caps and reports. */
  ruleId?: number | null;
  idempotencyKey?: string | null;
  /** When it was earned (defaults to now; seeds and imports pass the purchase time). */
  at?: Date;
}

export interface SpendPoints {
  memberId: number;
  points: number;
  source: PointsSource;
  reason: string;
  idempotencyKey?: string | null;
  explanation?: PointsExplanation;
}

export interface HoldPoints {
  memberId: number;
  points: number;
  source: PointsSource;
  /** What the hold is for: a payment reference, a redemption, a partner transfer. Unique per purpose. */
  purpose: string;
  reference: string;
  /** When an uncaptured hold releases itself. */
  expiresAt: Date;
  idempotencyKey?: string | null;
}

export interface ReverseOrderEarnings {
  orderId: number;
  memberId: number;
  /** Cumulative share of the order now refunded, 0..1: reversal brings the order's net earn to (1 - share). */
  refundedShare: number;
  source: PointsSource;
  reason: string;
  idempotencyKey?: string | null;
}

/** Takes back part or all of one earning (a payment refunded on the platform that paid it). */
export interface ReverseEarning {
  memberId: number;
  /** The idempotency key the earning was recorded under. */
  earnIdempotencyKey: string;
  points: number;
  source: PointsSource;
  reason: string;
  idempotencyKey?: string | null;
}

export interface AdjustPoints {
  memberId: number;
  /** Signed, non-zero. */
  points: number;
  reason: string;
  source: PointsSource;
  idempotencyKey?: string | null;
}

/** What a movement answered: the ledger entry id (and hold id), to read back or to answer a retry with. */
export interface MovementResult {
  entryId: number | null;
  holdId?: number;
  /** Points actually moved (a reversal may move fewer than asked when points were spent: see policy). */
  points: number;
  /** A reversal's part that could not be taken back. */
  shortfall?: number;
}
