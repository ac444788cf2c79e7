import type { EarningRuleDefinition } from './earning-rule.parameters';

/** Who and where a calculation is for, as targeting sees it. */
export interface TargetContext {
  tierCode: string | null;
  channel: string | null;
  storeId: string | null;
}

/**
 * The one order rules apply in: priority descending (higher first, explicit, never "last edited
 * wins"), then id ascending, so two rules of equal priority always apply in the order they were made.
 */
export function byPriority(a: EarningRuleDefinition, b: EarningRuleDefinition): number {
  return b.priority - a.priority || a.id - b.id;
}

/** The campaign window includes its start and excludes its end; a missing bound is open. */
export function isInWindow(rule: Pick<EarningRuleDefinition, 'startsAt' | 'endsAt'>, at: Date): boolean {
  const t = at.getTime();
  if (rule.startsAt && t < rule.startsAt.getTime()) return false;
  if (rule.endsAt && t >= rule.endsAt.getTime()) return false;
  return true;
}

/**
 * Targeting: every dimension must match; an empty list matches everyone, a non-empty one matches only
 * a value it lists (so a member without a tier, or an order without a store, never matches a rule that
 * names tiers or stores).
 */
export function isTargeted(rule: Pick<EarningRuleDefinition, 'targeting'>, target: TargetContext): boolean {
  const { tierCodes, channels, storeIds } = rule.targeting;
  const matches = (list: string[], value: string | null) =>
    list.length === 0 || (value !== null && list.includes(value));
  return (
    matches(tierCodes, target.tierCode) &&
    matches(channels, target.channel) &&
    matches(storeIds, target.storeId)
  );
}

/** Active, inside its window at `at`, and aimed at this target: the rules worth looking at, in order. */
export function candidateRules<R extends EarningRuleDefinition>(
  rules: readonly R[],
  at: Date,
  target: TargetContext,
): R[] {
  return rules.filter((r) => r.active && isInWindow(r, at) && isTargeted(r, target)).sort(byPriority);
}

export interface StageSelection<R> {
  applied: R[];
  /** Rules that would have applied but came after an exclusive rule that did. */
  excluded: { rule: R; by: R }[];
}

/**
 * Walks one stage's rules in priority order. A rule applies when `applies(rule)` says so; once an
 * EXCLUSIVE rule has applied, every later rule of the stage is excluded (rules before it already
 * applied and stay applied: give an exclusive rule the highest priority to make it stand alone).
 */
export function selectInStage<R extends EarningRuleDefinition>(
  ordered: readonly R[],
  applies: (rule: R) => boolean,
): StageSelection<R> {
  const applied: R[] = [];
  const excluded: { rule: R; by: R }[] = [];
  let stopper: R | null = null;
  for (const rule of ordered) {
    if (!applies(rule)) continue;
    if (stopper) {
      excluded.push({ rule, by: stopper });
      continue;
    }
    applied.push(rule);
    if (rule.stacking === 'EXCLUSIVE') stopper = rule;
  }
  return { applied, excluded };
}

/** `#12 "Double points day" v3`: how explanations name a rule. */
export function ruleLabel(rule: Pick<EarningRuleDefinition, 'id' | 'name' | 'version'>): string {
  return `#${rule.id} "${rule.name}" v${rule.version}`;
}

/** Numbers in explanations: up to 4 decimals, no trailing zeros. */
export function formatNumber(value: number): string {
  return String(Number(value.toFixed(4)));
}

/**
 * Rounding happens once, at the very end: the calculation runs on fractions, then rounds down to a
 * whole point. Floating-point noise is removed first (1.15 × 100 is 114.99999999999999 in binary).
 */
export function floorPoints(value: number): number {
  if (!Number.isFinite(value) || value <= 0) return 0;
  return Math.floor(Math.round(value * 1e6) / 1e6);
}
