import { ExpiryMode, SpendOrder } from './points.enums';

/**
 * The points rules as pure functions (no database), so they are unit-tested on their own:
 * expiry dates, which lots a spend consumes, how much a refund takes back, and checkout quotes.
 * Dates are computed in UTC: "end of month" is the last millisecond of the month in UTC.
 */

export interface ExpiryPolicy {
  expiryMode: ExpiryMode;
  expiryDays: number | null;
}

export function expiryDate(policy: ExpiryPolicy, earnedAt: Date): Date | null {
  switch (policy.expiryMode) {
    case ExpiryMode.NEVER:
      return null;
    case ExpiryMode.AFTER_DAYS:
      return new Date(earnedAt.getTime() + (policy.expiryDays ?? 0) * 86_400_000);
    case ExpiryMode.END_OF_MONTH:
      return new Date(Date.UTC(earnedAt.getUTCFullYear(), earnedAt.getUTCMonth() + 1, 1) - 1);
    case ExpiryMode.END_OF_YEAR:
      return new Date(Date.UTC(earnedAt.getUTCFullYear() + 1, 0, 1) - 1);
  }
}

export interface SpendableLot {
  id: number;
  remaining: number;
  earnedAt: Date;
  expiresAt: Date | null;
}

/** Lots in the order a spend consumes them; ties broken by id so the order is total and repeatable. */
export function spendSequence<T extends SpendableLot>(lots: T[], order: SpendOrder): T[] {
  const byEarned = (a: T, b: T) => a.earnedAt.getTime() - b.earnedAt.getTime() || a.id - b.id;
  if (order === SpendOrder.OLDEST_FIRST) return [...lots].sort(byEarned);
  // Soonest expiring first; lots that never expire go last.
  const expiry = (lot: T) => lot.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
  return [...lots].sort((a, b) => expiry(a) - expiry(b) || byEarned(a, b));
}

export interface Allocation {
  lotId: number;
  points: number;
}

/** Takes `points` from lots in the given order; returns what each gives and what could not be found. */
export function allocate(
  lots: SpendableLot[],
  points: number,
): { allocations: Allocation[]; missing: number } {
  const allocations: Allocation[] = [];
  let left = points;
  for (const lot of lots) {
    if (left === 0) break;
    const take = Math.min(lot.remaining, left);
    if (take <= 0) continue;
    allocations.push({ lotId: lot.id, points: take });
    left -= take;
  }
  return { allocations, missing: left };
}

/**
 * How many points a refund should take back now. Refunds are cumulative: after refunds worth
 * `refundedShare` of the order, the order's reversals add up to round(earned × share); what earlier
 * refunds already took (including what they could not collect) is subtracted. Two half refunds take
 * back exactly what one full refund would.
 */
export function reversalDue(earned: number, refundedShare: number, alreadyReversed: number): number {
  const share = Math.min(Math.max(refundedShare, 0), 1);
  const target = Math.round(earned * share);
  return Math.max(0, Math.min(target, earned) - alreadyReversed);
}

/**
 * Points needed to pay `amountMinor` at checkout. Amounts are minor units of a two-decimal currency;
 * rounded up, so points never buy more than their value.
 */
export function pointsForAmount(amountMinor: number, pointsPerCurrencyUnit: number): number {
  return Math.ceil((amountMinor * pointsPerCurrencyUnit) / 100);
}

/** The amount (minor units) a number of points is worth; rounded down. */
export function amountForPoints(points: number, pointsPerCurrencyUnit: number): number {
  return Math.floor((points * 100) / pointsPerCurrencyUnit);
}
