/**
 * Re-buy timing, learned from the purchases alone (no "consumable" flag): a product whose buyers come
 * back for it has a repeat rate and a typical interval; a member's own rhythm refines it. A re-buy
 * candidate scores by how likely the member keeps buying it and how due it is within the horizon;
 * a durable good (nobody buys a second phone soon) has a repeat rate near zero and scores nothing.
 */

export interface RepeatStats {
  /** Distinct members who bought it. */
  buyers: number;
  /** Members who bought it at least twice. */
  repeatBuyers: number;
  /** Intervals seen between two purchases of it by the same member, and their total length in days. */
  repeatPurchases: number;
  repeatDaysSum: number;
}

export interface OwnedItem {
  purchases: number;
  firstPurchasedAt: Date;
  lastPurchasedAt: Date;
}

export interface RebuyParams {
  /** The window the recommendation is for: an item due within it scores fully. */
  horizonDays: number;
  /** How sharply the score rises as the item comes due (1: linear). */
  dueExponent: number;
}

const DAY_MS = 86_400_000;
/** Weight of the product's typical interval against one of the member's own intervals. */
const PRODUCT_INTERVAL_WEIGHT = 2;
/** Overdue past this many intervals, a consumable has probably been given up. */
const GIVEN_UP_AFTER = 2;

/** Share of buyers who come back for it, smoothed towards "rarely" for products with few buyers. */
export function repeatRate(stats: RepeatStats): number {
  return (stats.repeatBuyers + 0.1) / (stats.buyers + 2);
}

/** Typical days between two purchases: the member's own, weighed with the product's. */
export function typicalIntervalDays(item: OwnedItem, stats: RepeatStats): number | null {
  const product = stats.repeatPurchases > 0 ? stats.repeatDaysSum / stats.repeatPurchases : null;
  const gaps = item.purchases - 1;
  const own =
    gaps > 0 ? (item.lastPurchasedAt.getTime() - item.firstPurchasedAt.getTime()) / DAY_MS / gaps : null;
  if (own !== null && own > 0 && product !== null) {
    return (own * gaps + product * PRODUCT_INTERVAL_WEIGHT) / (gaps + PRODUCT_INTERVAL_WEIGHT);
  }
  return own !== null && own > 0 ? own : product;
}

/** In [0, 1]: how likely the member buys it again within the horizon. */
export function rebuyScore(item: OwnedItem, stats: RepeatStats, now: Date, params: RebuyParams): number {
  const interval = typicalIntervalDays(item, stats);
  if (interval === null || interval <= 0) return 0;
  const rate = repeatRate(stats);
  // A member who bought it again before is likelier to keep doing so than its average buyer.
  const keeps = item.purchases >= 2 ? Math.max(rate, (item.purchases - 1) / item.purchases) : rate;
  const elapsed = Math.max(0, (now.getTime() - item.lastPurchasedAt.getTime()) / DAY_MS);
  const due = Math.min(1, (elapsed + params.horizonDays) / interval) ** params.dueExponent;
  const givenUp = Math.exp(-Math.max(0, elapsed / interval - GIVEN_UP_AFTER) / GIVEN_UP_AFTER);
  return keeps * due * givenUp;
}
