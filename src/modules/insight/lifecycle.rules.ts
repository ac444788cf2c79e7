import { LifecycleStage } from './insight.enums';

export interface InsightThresholds {
  /** DECLINING once the time since the last order exceeds this many of the member's cadences. */
  decliningAfterCadences: number;
  /** CHURNED beyond this many cadences; a gap this long before an order makes it a REACTIVATED one. */
  churnedAfterCadences: number;
  /** The cadence of members with a single order (no gap to learn from). */
  defaultCadenceDays: number;
  /** MATURE from this many orders (GROWING before). */
  matureOrders: number;
  /** Expected remaining years of a member, for the simple CLV. */
  clvYears: number;
}

export interface MemberOrder {
  at: Date;
  netMinor: number;
  channel: string;
  storeId: string | null;
}

export interface MemberFacts {
  orderCount: number;
  firstOrderAt: Date | null;
  lastOrderAt: Date | null;
  recencyDays: number | null;
  monetaryMinor: number;
  averageOrderValueMinor: number;
  cadenceDays: number | null;
  stage: LifecycleStage;
  churnRisk: number | null;
  clvMinor: number | null;
  homeStoreId: string | null;
  mainChannel: string | null;
}

const DAY_MS = 86_400_000;
/** Same-day orders would make a cadence of zero: nobody is "declining" after a few hours. */
export const MIN_CADENCE_DAYS = 7;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function mostFrequent(values: readonly (string | null)[]): string | null {
  const counts = new Map<string, number>();
  let best: string | null = null;
  // Later orders win ties: the member's current habit.
  for (const value of values) {
    if (value === null) continue;
    counts.set(value, (counts.get(value) ?? 0) + 1);
    if (best === null || counts.get(value)! >= counts.get(best)!) best = value;
  }
  return best;
}

/**
 * Everything insight derives from one member's orders (in time order, cancelled ones left out) as of
 * `now`. Formulas (README): cadence = median gap between orders (default for one order, at least 7 days);
 * stage by the time since the last order in cadences (DECLINING > 1.5, CHURNED > 3 by default), else
 * REACTIVATED when the last order closed a gap longer than the churn threshold (measured on the cadence
 * before it), else NEW (1 order), GROWING, MATURE (from 5 orders). Churn risk = 0.7 × (1 − e^−max(0,
 * ratio − 1)) + 0.3 × the drop of orders in the last 365 days against the 365 before (0 when none before).
 * CLV = average order value × orders per year (orders / max(1, years since the first)) × expected years.
 */
export function memberFacts(
  orders: readonly MemberOrder[],
  now: Date,
  settings: InsightThresholds,
): MemberFacts {
  if (orders.length === 0) {
    return {
      orderCount: 0,
      firstOrderAt: null,
      lastOrderAt: null,
      recencyDays: null,
      monetaryMinor: 0,
      averageOrderValueMinor: 0,
      cadenceDays: null,
      stage: LifecycleStage.NEW,
      churnRisk: null,
      clvMinor: null,
      homeStoreId: null,
      mainChannel: null,
    };
  }
  const first = orders[0].at;
  const last = orders[orders.length - 1].at;
  const gaps = orders.slice(1).map((order, i) => (order.at.getTime() - orders[i].at.getTime()) / DAY_MS);
  const cadence = Math.max(MIN_CADENCE_DAYS, gaps.length ? median(gaps) : settings.defaultCadenceDays);
  const priorCadence = Math.max(
    MIN_CADENCE_DAYS,
    gaps.length > 1 ? median(gaps.slice(0, -1)) : settings.defaultCadenceDays,
  );
  const sinceLast = Math.max(0, (now.getTime() - last.getTime()) / DAY_MS);
  const ratio = sinceLast / cadence;
  const monetary = orders.reduce((sum, order) => sum + order.netMinor, 0);
  const aov = Math.round(monetary / orders.length);

  let stage: LifecycleStage;
  if (ratio > settings.churnedAfterCadences) stage = LifecycleStage.CHURNED;
  else if (ratio > settings.decliningAfterCadences) stage = LifecycleStage.DECLINING;
  else if (gaps.length && gaps[gaps.length - 1] > settings.churnedAfterCadences * priorCadence)
    stage = LifecycleStage.REACTIVATED;
  else if (orders.length === 1) stage = LifecycleStage.NEW;
  else if (orders.length < settings.matureOrders) stage = LifecycleStage.GROWING;
  else stage = LifecycleStage.MATURE;

  const yearAgo = now.getTime() - 365 * DAY_MS;
  const twoYearsAgo = now.getTime() - 730 * DAY_MS;
  const recent = orders.filter((o) => o.at.getTime() > yearAgo).length;
  const before = orders.filter((o) => o.at.getTime() > twoYearsAgo && o.at.getTime() <= yearAgo).length;
  const trend = before > 0 ? Math.min(1, Math.max(0, (before - recent) / before)) : 0;
  const churnRisk = Math.round((0.7 * (1 - Math.exp(-Math.max(0, ratio - 1))) + 0.3 * trend) * 100) / 100;
  const years = Math.max(1, (now.getTime() - first.getTime()) / (365 * DAY_MS));

  return {
    orderCount: orders.length,
    firstOrderAt: first,
    lastOrderAt: last,
    recencyDays: Math.floor(sinceLast),
    monetaryMinor: monetary,
    averageOrderValueMinor: aov,
    cadenceDays: Math.round(cadence * 10) / 10,
    stage,
    churnRisk,
    clvMinor: Math.round(aov * (orders.length / years) * settings.clvYears),
    homeStoreId: mostFrequent(orders.map((o) => o.storeId)),
    mainChannel: mostFrequent(orders.map((o) => o.channel)),
  };
}
