import { addDays, addMonths, nextReviewAfter } from './tier-dates';
import { TierChangeReason, TierRequirement } from './tier.enums';

/** The parts of a tier the rules read. */
export interface LadderTier {
  id: number;
  code: string;
  rank: number;
  paid: boolean;
  requirement: TierRequirement;
  minSpendMinor: number | null;
  minOrders: number | null;
  minPoints: number | null;
}

export interface Figures {
  spendMinor: number;
  orders: number;
  points: number;
}

export interface TierRules {
  windowMonths: number;
  reviewCadenceMonths: number;
  graceDays: number;
}

/** Where a member stands; a member without a row stands on the entry tier with no review. */
export interface Standing {
  tierId: number;
  achievedAt: Date | null;
  reviewAt: Date | null;
  graceUntil: Date | null;
  manual: boolean;
}

/** A change to write: the new standing and why. */
export interface TierDecision<T extends LadderTier = LadderTier> {
  reason: TierChangeReason;
  from: T;
  to: T;
  standing: Standing;
}

export interface Gap {
  requirement: TierRequirement;
  met: boolean;
  spendMinor: number | null;
  orders: number | null;
  points: number | null;
}

/** The entry tier: rank 0. */
export function entryTier<T extends LadderTier>(ladder: readonly T[]): T | null {
  return ladder.find((tier) => tier.rank === 0) ?? null;
}

export function entryStanding(entry: LadderTier): Standing {
  return { tierId: entry.id, achievedAt: null, reviewAt: null, graceUntil: null, manual: false };
}

/**
 * What is missing to meet a tier's thresholds. With ANY, each non-null amount alone would do (and all
 * are 0 once one is met); with ALL, every one is needed. A tier without thresholds is always met.
 */
export function gapTo(tier: LadderTier, figures: Figures): Gap {
  const missing = (threshold: number | null, have: number) =>
    threshold === null ? null : Math.max(0, threshold - have);
  const gap = {
    requirement: tier.requirement,
    spendMinor: missing(tier.minSpendMinor, figures.spendMinor),
    orders: missing(tier.minOrders, figures.orders),
    points: missing(tier.minPoints, figures.points),
  };
  const set = [gap.spendMinor, gap.orders, gap.points].filter((value): value is number => value !== null);
  const met =
    set.length === 0 ||
    (tier.requirement === TierRequirement.ALL ? set.every((v) => v === 0) : set.some((v) => v === 0));
  if (met) {
    const zero = (value: number | null) => (value === null ? null : 0);
    return {
      ...gap,
      met,
      spendMinor: zero(gap.spendMinor),
      orders: zero(gap.orders),
      points: zero(gap.points),
    };
  }
  return { ...gap, met };
}

export function meetsThresholds(tier: LadderTier, figures: Figures): boolean {
  return gapTo(tier, figures).met;
}

/** The highest tier the figures reach. Paid tiers are never reached; the entry tier always is. */
export function qualifiedTier<T extends LadderTier>(ladder: readonly T[], figures: Figures): T | null {
  let best: T | null = null;
  for (const tier of ladder) {
    if (tier.paid) continue;
    if (tier.rank !== 0 && !meetsThresholds(tier, figures)) continue;
    if (best === null || tier.rank > best.rank) best = tier;
  }
  return best;
}

/** The next tier a member can earn: the lowest non-paid tier above the current rank. */
export function nextTier<T extends LadderTier>(ladder: readonly T[], current: LadderTier): T | null {
  let next: T | null = null;
  for (const tier of ladder) {
    if (tier.paid || tier.rank <= current.rank) continue;
    if (next === null || tier.rank < next.rank) next = tier;
  }
  return next;
}

function tierById<T extends LadderTier>(ladder: readonly T[], id: number): T {
  const tier = ladder.find((t) => t.id === id);
  if (!tier) throw new Error(`Tier ${id} is not in the ladder`);
  return tier;
}

/** A member keeps a tier when its own thresholds are met or the figures reach it or higher. */
function keeps(ladder: readonly LadderTier[], current: LadderTier, figures: Figures): boolean {
  const reached = qualifiedTier(ladder, figures);
  return meetsThresholds(current, figures) || (reached !== null && reached.rank >= current.rank);
}

/** A fresh period on `tier` from `at`: the entry tier has no review (it cannot go lower). */
function startOn(tier: LadderTier, at: Date, rules: TierRules): Standing {
  return {
    tierId: tier.id,
    achievedAt: at,
    reviewAt: tier.rank === 0 ? null : addMonths(at, rules.reviewCadenceMonths),
    graceUntil: null,
    manual: false,
  };
}

/**
 * After an order or earn: upgrade at once when a higher tier's thresholds are met; never downgrade.
 * A member in grace who meets their tier again leaves grace at once (KEPT) on their usual schedule.
 */
export function decideUpgrade<T extends LadderTier>(
  ladder: readonly T[],
  standing: Standing,
  figures: Figures,
  at: Date,
  rules: TierRules,
): TierDecision<T> | null {
  if (standing.manual) return null;
  const current = tierById(ladder, standing.tierId);
  const reached = qualifiedTier(ladder, figures);
  if (reached && reached.rank > current.rank) {
    return {
      reason: TierChangeReason.UPGRADE,
      from: current,
      to: reached,
      standing: startOn(reached, at, rules),
    };
  }
  if (standing.graceUntil !== null && standing.reviewAt !== null && keeps(ladder, current, figures)) {
    return {
      reason: TierChangeReason.KEPT,
      from: current,
      to: current,
      standing: {
        ...standing,
        graceUntil: null,
        reviewAt: nextReviewAfter(standing.reviewAt, rules.reviewCadenceMonths, at),
      },
    };
  }
  return null;
}

/** True when the review job should look at this member at `now`. */
export function isDueForReview(standing: Standing, now: Date): boolean {
  if (standing.manual || standing.reviewAt === null || standing.reviewAt > now) return false;
  return standing.graceUntil === null || standing.graceUntil <= now;
}

/**
 * The periodic review. Qualifying: keep, next review one cadence later. Not qualifying: grace starts
 * (the tier is kept until review + grace days, or now + grace days when the job ran that late). Still
 * not qualifying when grace ends: down to the tier the figures reach, however many steps that is
 * (the figures are the truth; a one-step rule would keep a lapsed member high for years).
 */
export function decideReview<T extends LadderTier>(
  ladder: readonly T[],
  standing: Standing,
  figures: Figures,
  now: Date,
  rules: TierRules,
): TierDecision<T> | null {
  if (!isDueForReview(standing, now)) return null;
  const current = tierById(ladder, standing.tierId);
  const reached = qualifiedTier(ladder, figures);
  if (reached && reached.rank > current.rank) {
    return {
      reason: TierChangeReason.UPGRADE,
      from: current,
      to: reached,
      standing: startOn(reached, now, rules),
    };
  }
  if (keeps(ladder, current, figures)) {
    return {
      reason: TierChangeReason.KEPT,
      from: current,
      to: current,
      standing: {
        ...standing,
        graceUntil: null,
        reviewAt: nextReviewAfter(standing.reviewAt!, rules.reviewCadenceMonths, now),
      },
    };
  }
  if (standing.graceUntil === null && rules.graceDays > 0) {
    let graceUntil = addDays(standing.reviewAt!, rules.graceDays);
    if (graceUntil <= now) graceUntil = addDays(now, rules.graceDays);
    return {
      reason: TierChangeReason.GRACE_STARTED,
      from: current,
      to: current,
      standing: { ...standing, graceUntil },
    };
  }
  const to = reached ?? entryTier(ladder)!;
  return { reason: TierChangeReason.DOWNGRADE, from: current, to, standing: startOn(to, now, rules) };
}

/** A manual assignment: any tier (paid ones included), locked against automatic changes. */
export function decideAssignment<T extends LadderTier>(
  ladder: readonly T[],
  standing: Standing,
  to: T,
  at: Date,
): TierDecision<T> {
  const current = tierById(ladder, standing.tierId);
  return {
    reason: TierChangeReason.MANUAL,
    from: current,
    to,
    standing: {
      tierId: to.id,
      achievedAt: to.id === current.id && standing.achievedAt ? standing.achievedAt : at,
      reviewAt: null,
      graceUntil: null,
      manual: true,
    },
  };
}

/**
 * Releasing a manual assignment hands the member back to the rules at once: they move to the tier
 * their figures reach (up or down) and a new period starts. Release is an explicit, audited staff
 * action, so this is not a silent mid-period downgrade; it is also how a lapsed paid tier ends.
 */
export function decideRelease<T extends LadderTier>(
  ladder: readonly T[],
  standing: Standing,
  figures: Figures,
  at: Date,
  rules: TierRules,
): TierDecision<T> {
  const current = tierById(ladder, standing.tierId);
  const to = qualifiedTier(ladder, figures) ?? entryTier(ladder)!;
  const fresh = startOn(to, at, rules);
  if (to.id === current.id && standing.achievedAt) fresh.achievedAt = standing.achievedAt;
  return { reason: TierChangeReason.RELEASED, from: current, to, standing: fresh };
}

export interface Progress<T extends LadderTier> {
  current: T;
  next: T | null;
  missingForNext: Gap | null;
  /** Null when there is nothing to keep: entry tier, manual or paid tier. */
  neededToKeep: Gap | null;
  keepBy: Date | null;
}

/** Where a member stands against the ladder, for the member app and the support console. */
export function progressOf<T extends LadderTier>(
  ladder: readonly T[],
  standing: Standing,
  figures: Figures,
): Progress<T> {
  const current = tierById(ladder, standing.tierId);
  const next = nextTier(ladder, current);
  const reviewed = current.rank > 0 && !standing.manual && !current.paid;
  return {
    current,
    next,
    missingForNext: next ? gapTo(next, figures) : null,
    neededToKeep: reviewed ? gapTo(current, figures) : null,
    keepBy: reviewed ? (standing.graceUntil ?? standing.reviewAt) : null,
  };
}
