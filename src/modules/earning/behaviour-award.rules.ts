import type { PointsExplanation } from '../points';
import type { Behaviour } from './behaviour';
import { periodBounds, type CapPeriod } from './calendar';
import { EarningRuleKind } from './earning-rule.enums';
import { candidateRules, ruleLabel } from './earning-rule.matching';
import { DEFAULT_TIME_ZONE, type EarningRuleDefinition } from './earning-rule.parameters';

export interface BehaviourRequest {
  behaviour: Behaviour;
  reference: string;
  at: Date;
  tierCode: string | null;
  channel: string | null;
  storeId: string | null;
}

export interface BehaviourPlan {
  points: number;
  /** Rules that pay, in priority order; the first one is the award's `ruleId`. */
  applied: EarningRuleDefinition[];
  /** Rules whose cap was reached: they pay nothing this time. */
  capped: EarningRuleDefinition[];
  /** True when at least one rule applied or was capped (a reference with no rule is not recorded). */
  anyRule: boolean;
  explanation: PointsExplanation;
}

const PERIODS: { period: CapPeriod; cap: 'capPerDay' | 'capPerWeek' | 'capPerMonth'; label: string }[] = [
  { period: 'day', cap: 'capPerDay', label: 'day' },
  { period: 'week', cap: 'capPerWeek', label: 'week' },
  { period: 'month', cap: 'capPerMonth', label: 'month' },
];

/** The BEHAVIOUR rules for this request: active, in window, targeted, in priority order. */
export function behaviourCandidates(
  rules: readonly EarningRuleDefinition[],
  request: BehaviourRequest,
): EarningRuleDefinition[] {
  return candidateRules(
    rules.filter((r) => r.kind === EarningRuleKind.BEHAVIOUR && r.parameters.behaviour === request.behaviour),
    request.at,
    request,
  );
}

/** The time span whose earlier awards the caps of these rules need to see (null: no rule has a cap). */
export function capWindow(
  rules: readonly EarningRuleDefinition[],
  at: Date,
): { start: Date; end: Date } | null {
  let start: Date | null = null;
  let end: Date | null = null;
  for (const rule of rules) {
    for (const { period, cap } of PERIODS) {
      if (rule.parameters[cap] === undefined) continue;
      const bounds = periodBounds(at, period, rule.parameters.timeZone ?? DEFAULT_TIME_ZONE);
      if (start === null || bounds.start < start) start = bounds.start;
      if (end === null || bounds.end > end) end = bounds.end;
    }
  }
  return start && end ? { start, end } : null;
}

/**
 * Decides a behaviour award. Caps count awards, not points: a cap of 3 per week means the member's
 * earlier *paid* awards of the same behaviour in the same calendar week (ISO, from Monday; days and
 * months likewise, in the rule's time zone) must be fewer than 3. A capped rule pays nothing for this
 * award; it does not count as applied, so an exclusive capped rule does not stop the rules after it
 * (a lower-priority fallback rule can pay once the main rule's cap is reached). Once an EXCLUSIVE rule
 * pays, the rules after it do not. The points are whole numbers and are simply added up.
 */
export function planBehaviourAward(
  candidates: readonly EarningRuleDefinition[],
  request: BehaviourRequest,
  earlierPaidAwards: readonly Date[],
): BehaviourPlan {
  const applied: EarningRuleDefinition[] = [];
  const capped: EarningRuleDefinition[] = [];
  const steps: string[] = [];
  let stopper: EarningRuleDefinition | null = null;
  for (const rule of candidates) {
    if (stopper) {
      steps.push(`${ruleLabel(rule)} not applied: ${ruleLabel(stopper)} is exclusive`);
      continue;
    }
    const reached = reachedCap(rule, request.at, earlierPaidAwards);
    if (reached) {
      capped.push(rule);
      steps.push(`${ruleLabel(rule)}: cap reached (${reached}), 0 pts`);
      continue;
    }
    applied.push(rule);
    steps.push(`${ruleLabel(rule)}: + ${rule.parameters.points} pts`);
    if (rule.stacking === 'EXCLUSIVE') stopper = rule;
  }
  const points = applied.reduce((sum, rule) => sum + (rule.parameters.points ?? 0), 0);
  steps.push(`Total ${points} pts`);
  const what = `${request.behaviour} (${request.reference})`;
  const summary =
    applied.length > 0
      ? `${points} pts for ${what} from ${applied.map(ruleLabel).join(' + ')}${capped.length ? '; some rules capped' : ''}`
      : capped.length > 0
        ? `0 pts for ${what}: cap reached`
        : `0 pts for ${what}: no rule rewards it`;
  return {
    points,
    applied,
    capped,
    anyRule: applied.length + capped.length > 0,
    explanation: {
      summary,
      rules: applied.map((rule) => ({
        ruleId: rule.id,
        name: rule.name,
        version: rule.version,
        kind: rule.kind,
        points: rule.parameters.points ?? 0,
        detail: `${rule.parameters.points} pts per ${request.behaviour}`,
      })),
      inputs: {
        behaviour: request.behaviour,
        reference: request.reference,
        at: request.at.toISOString(),
        tierCode: request.tierCode,
        channel: request.channel,
        storeId: request.storeId,
        earlierPaidAwardsInCapWindow: earlierPaidAwards.length,
      },
      steps,
    },
  };
}

/** "2 of 2 per day" when a cap of the rule is reached at `at`, else null. */
function reachedCap(rule: EarningRuleDefinition, at: Date, earlier: readonly Date[]): string | null {
  for (const { period, cap, label } of PERIODS) {
    const limit = rule.parameters[cap];
    if (limit === undefined) continue;
    const { start, end } = periodBounds(at, period, rule.parameters.timeZone ?? DEFAULT_TIME_ZONE);
    const used = earlier.filter((t) => t >= start && t < end).length;
    if (used >= limit) return `${used} of ${limit} per ${label}`;
  }
  return null;
}
