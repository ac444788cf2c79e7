import type { ExplainedRule, PointsExplanation } from '../points';
import { localDate } from './calendar';
import { EarningRuleKind, stageOf } from './earning-rule.enums';
import {
  candidateRules,
  floorPoints,
  formatNumber as n,
  ruleLabel,
  selectInStage,
  type StageSelection,
} from './earning-rule.matching';
import {
  DEFAULT_TIME_ZONE,
  DEFAULT_UNIT_AMOUNT_MINOR,
  type EarningRuleDefinition,
} from './earning-rule.parameters';
import type { EarningBasket, EarningLine, EarningResult } from './earning.types';

/**
 * The purchase earning engine: pure (no database, no clock), so it is unit-tested rule by rule and the
 * same function answers previews and real orders.
 *
 * How an order's points are computed, in this order:
 * 1. Candidates: active rules whose window contains `basket.at` (start inclusive, end exclusive) and
 *    whose targeting matches the basket's tier, channel and store (empty list = everyone). They apply
 *    by priority descending, then id ascending.
 * 2. BASE stage: every applying BASE_RATE rule gives each line `lineTotalMinor ÷ unitAmountMinor ×
 *    pointsPerUnit` (line totals after discounts; negative totals count as 0).
 * 3. LINE stage, per line: SKU/CATEGORY multipliers multiply the line's base points; SKU/CATEGORY fixed
 *    rules add `pointsPerItem × quantity`. Exclusivity is judged per line, so an exclusive category
 *    rule does not stop a SKU bonus on another line.
 * 4. ORDER stage: ORDER_MULTIPLIER rules multiply the product points (base + line bonuses); ORDER_FIXED
 *    rules add a flat bonus after all multipliers (a flat bonus is never doubled or tier-multiplied).
 * 5. The tier multiplier (the member's tier benefit, not a rule) multiplies the product points after
 *    the order multipliers: a step with ruleId null and kind TIER_MULTIPLIER.
 * 6. The sum is rounded down once, at the end.
 *
 * Multipliers of one stage add their increments (2× and 3× together give 1 + 1 + 2 = 4×, so two
 * overlapping campaigns do not explode to 6×); multipliers of different stages multiply (a 2× member
 * day for a 1.5× Gold member gives 3×). A factor never goes below 0.
 *
 * In a stage, once an EXCLUSIVE rule applies, the rules after it in that stage do not (they are listed
 * in the explanation as excluded). Other stages are not affected.
 *
 * Each explained rule's `points` is what it added, so the rules' points sum to the total before
 * rounding: support can read the answer to "why 137 points?" off the explanation alone.
 */
export function evaluateBasket(
  rules: readonly EarningRuleDefinition[],
  basket: EarningBasket,
): EarningResult {
  const target = { tierCode: basket.tier?.code ?? null, channel: basket.channel, storeId: basket.storeId };
  const candidates = candidateRules(rules, basket.at, target);
  const inStage = (stage: string) => candidates.filter((r) => stageOf(r.kind) === stage);
  const steps: string[] = [];
  const contributions = new Map<EarningRuleDefinition, { points: number; details: string[] }>();
  const contribute = (rule: EarningRuleDefinition, points: number, detail: string) => {
    const entry = contributions.get(rule) ?? { points: 0, details: [] };
    entry.points += points;
    entry.details.push(detail);
    contributions.set(rule, entry);
  };
  const noteExcluded = (selection: StageSelection<EarningRuleDefinition>, where = '') => {
    for (const { rule, by } of selection.excluded) {
      steps.push(`${ruleLabel(rule)} not applied${where}: ${ruleLabel(by)} is exclusive`);
    }
  };

  // BASE
  const base = selectInStage(inStage('BASE'), () => true);
  noteExcluded(base);
  const lineBase = basket.lines.map(() => 0);
  for (const rule of base.applied) {
    const unit = rule.parameters.unitAmountMinor ?? DEFAULT_UNIT_AMOUNT_MINOR;
    const rate = rule.parameters.pointsPerUnit ?? 0;
    const spent = basket.lines.reduce((sum, line) => sum + spendOf(line), 0);
    basket.lines.forEach((line, i) => (lineBase[i] += (spendOf(line) / unit) * rate));
    const points = (spent / unit) * rate;
    const text = `${spent} ÷ ${unit} × ${n(rate)} pt = ${n(points)}`;
    steps.push(`Base ${ruleLabel(rule)}: ${text}`);
    contribute(rule, points, text);
  }

  // LINE
  const lineRules = inStage('LINE');
  let productPoints = 0;
  basket.lines.forEach((line, i) => {
    const selection = selectInStage(lineRules, (rule) => lineMatches(rule, line));
    noteExcluded(selection, ` on ${line.sku}`);
    const multipliers = selection.applied.filter((r) => r.parameters.multiplier !== undefined);
    const fixed = selection.applied.filter((r) => r.parameters.pointsPerItem !== undefined);
    let points = lineBase[i];
    if (multipliers.length > 0) {
      const increments = multipliers.map((r) => r.parameters.multiplier! - 1);
      const factor = Math.max(0, 1 + increments.reduce((a, b) => a + b, 0));
      const multiplied = lineBase[i] * factor;
      steps.push(
        `Line ${line.sku}: ${n(lineBase[i])} × (1${increments.map((x) => ` ${x < 0 ? '-' : '+'} ${n(Math.abs(x))}`).join('')}) = ${n(multiplied)}`,
      );
      const added = multiplied - lineBase[i];
      const sumIncrements = increments.reduce((a, b) => a + b, 0);
      multipliers.forEach((rule, k) => {
        // Shares of the added points; equal to base × (m − 1) unless the factor was clamped at 0.
        const share = sumIncrements === 0 ? 0 : (added * increments[k]) / sumIncrements;
        contribute(rule, share, `${line.sku}: ${n(lineBase[i])} × ${n(rule.parameters.multiplier!)}`);
      });
      points = multiplied;
    }
    for (const rule of fixed) {
      const bonus = rule.parameters.pointsPerItem! * Math.max(0, line.quantity);
      steps.push(
        `Line ${line.sku}: + ${line.quantity} × ${rule.parameters.pointsPerItem} pt ${ruleLabel(rule)} = ${n(bonus)}`,
      );
      contribute(rule, bonus, `${line.sku}: ${line.quantity} × ${rule.parameters.pointsPerItem}`);
      points += bonus;
    }
    productPoints += points;
  });
  steps.push(`Product points: ${n(productPoints)}`);

  // ORDER
  const order = selectInStage(inStage('ORDER'), (rule) => orderMatches(rule, basket));
  noteExcluded(order);
  const orderMultipliers = order.applied.filter((r) => r.kind === EarningRuleKind.ORDER_MULTIPLIER);
  let multiplied = productPoints;
  if (orderMultipliers.length > 0) {
    const increments = orderMultipliers.map((r) => r.parameters.multiplier! - 1);
    const sumIncrements = increments.reduce((a, b) => a + b, 0);
    multiplied = productPoints * Math.max(0, 1 + sumIncrements);
    steps.push(
      `Order campaigns: ${n(productPoints)} × (1${increments.map((x) => ` ${x < 0 ? '-' : '+'} ${n(Math.abs(x))}`).join('')}) = ${n(multiplied)}`,
    );
    orderMultipliers.forEach((rule, k) => {
      const share = sumIncrements === 0 ? 0 : ((multiplied - productPoints) * increments[k]) / sumIncrements;
      contribute(rule, share, `${n(productPoints)} × ${n(rule.parameters.multiplier!)}`);
    });
  }

  // TIER
  const tierMultiplier = validMultiplier(basket.tier?.earnMultiplier);
  let afterTier = multiplied;
  let tierRule: ExplainedRule | null = null;
  if (basket.tier && tierMultiplier !== 1) {
    afterTier = multiplied * tierMultiplier;
    const name = `${basket.tier.name} tier ×${n(tierMultiplier)}`;
    steps.push(`${name}: ${n(multiplied)} × ${n(tierMultiplier)} = ${n(afterTier)}`);
    tierRule = {
      ruleId: null,
      name,
      version: 0,
      kind: 'TIER_MULTIPLIER',
      points: tidy(afterTier - multiplied),
      detail: `${n(multiplied)} × ${n(tierMultiplier)} (tier ${basket.tier.code})`,
    };
  }

  // ORDER_FIXED, after every multiplier
  let total = afterTier;
  for (const rule of order.applied.filter((r) => r.kind === EarningRuleKind.ORDER_FIXED)) {
    const bonus = rule.parameters.points!;
    steps.push(`Order bonus ${ruleLabel(rule)}: + ${bonus}`);
    contribute(rule, bonus, `+ ${bonus} per order`);
    total += bonus;
  }

  const points = floorPoints(total);
  steps.push(`Total ${n(total)}, rounded down once: ${points} pts`);

  const explained: ExplainedRule[] = candidates
    .filter((rule) => contributions.has(rule))
    .map((rule) => ({
      ruleId: rule.id,
      name: rule.name,
      version: rule.version,
      kind: rule.kind,
      points: tidy(contributions.get(rule)!.points),
      detail: contributions.get(rule)!.details.join('; '),
    }));
  // Rules are listed in the order the arithmetic used them: base, lines, order multipliers, tier, bonuses.
  const stageRank = (r: ExplainedRule) =>
    r.kind === 'TIER_MULTIPLIER'
      ? 3
      : r.kind === EarningRuleKind.ORDER_FIXED
        ? 4
        : ['BASE', 'LINE', 'ORDER'].indexOf(stageOf(r.kind as EarningRuleKind));
  if (tierRule) explained.push(tierRule);
  explained.sort((a, b) => stageRank(a) - stageRank(b));

  const explanation: PointsExplanation = {
    summary: summarize(points, total, productPoints, multiplied, afterTier, basket),
    rules: explained,
    inputs: {
      memberId: basket.memberId,
      at: basket.at.toISOString(),
      channel: basket.channel,
      storeId: basket.storeId,
      currency: basket.currency,
      totalMinor: basket.totalMinor,
      tier: basket.tier,
      lines: basket.lines.map((l) => ({
        sku: l.sku,
        category: l.category,
        quantity: l.quantity,
        lineTotalMinor: l.lineTotalMinor,
      })),
      rulesConsidered: candidates.map((r) => ({ id: r.id, version: r.version })),
    },
    steps,
  };
  return { points, explanation };
}

/** Explained points keep their fractions but not binary noise (103.79999999999998 → 103.8). */
function tidy(value: number): number {
  return Number(value.toFixed(6));
}

function spendOf(line: EarningLine): number {
  return Math.max(0, line.lineTotalMinor);
}

function validMultiplier(value: number | undefined): number {
  return value !== undefined && Number.isFinite(value) && value >= 0 ? value : 1;
}

function lineMatches(rule: EarningRuleDefinition, line: EarningLine): boolean {
  switch (rule.kind) {
    case EarningRuleKind.SKU_MULTIPLIER:
    case EarningRuleKind.SKU_FIXED:
      return (rule.parameters.skus ?? []).includes(line.sku);
    case EarningRuleKind.CATEGORY_MULTIPLIER:
    case EarningRuleKind.CATEGORY_FIXED:
      return line.category !== null && (rule.parameters.categories ?? []).includes(line.category);
    default:
      return false;
  }
}

/**
 * Order conditions: the minimum total (inclusive), and for multipliers the member day: when both
 * daysOfWeek and daysOfMonth are given, either one matching is enough ("Tuesdays and the 8th").
 */
export function orderMatches(
  rule: EarningRuleDefinition,
  basket: Pick<EarningBasket, 'at' | 'totalMinor'>,
): boolean {
  const p = rule.parameters;
  if (p.minimumOrderTotalMinor !== undefined && basket.totalMinor < p.minimumOrderTotalMinor) return false;
  if (rule.kind !== EarningRuleKind.ORDER_MULTIPLIER) return rule.kind === EarningRuleKind.ORDER_FIXED;
  const weekdays = p.daysOfWeek ?? [];
  const monthDays = p.daysOfMonth ?? [];
  if (weekdays.length === 0 && monthDays.length === 0) return true;
  const local = localDate(basket.at, p.timeZone ?? DEFAULT_TIME_ZONE);
  return weekdays.includes(local.weekday) || monthDays.includes(local.day);
}

function summarize(
  points: number,
  total: number,
  productPoints: number,
  multiplied: number,
  afterTier: number,
  basket: EarningBasket,
): string {
  let text = `${n(productPoints)} product points`;
  if (multiplied !== productPoints) text += ` × ${n(multiplied / productPoints)} order campaigns`; // productPoints > 0 here
  if (afterTier !== multiplied)
    text += ` × ${n(validMultiplier(basket.tier?.earnMultiplier))} (${basket.tier!.name} tier)`;
  if (total !== afterTier) text += ` + ${n(total - afterTier)} order bonus`;
  return `${text} = ${n(total)} → ${points} pts`;
}
