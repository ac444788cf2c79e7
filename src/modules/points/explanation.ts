/**
 * Why a ledger entry has the points it has: which rules fired (with their version), what they were
 * given and the arithmetic, so support can answer "why did I get 137 points?" from the entry alone.
 * Stored as JSON on the entry; the earning engine builds it, other movements write a one-step one.
 */
export interface PointsExplanation {
  /** One sentence, e.g. "4,590 spent × 1 pt per unit × 1.5 (Gold) = 68.85 → 68 pts". */
  summary: string;
  /** The rules that fired, in the order they were applied. */
  rules: ExplainedRule[];
  /** Inputs the calculation saw (basket totals, tier, channel, store, time...). */
  inputs: Record<string, unknown>;
  /** Each arithmetic step as text, in order. */
  steps: string[];
}

export interface ExplainedRule {
  ruleId: number | null;
  name: string;
  version: number;
  kind: string;
  /** Points this rule contributed (after multipliers it applies); may be fractional before rounding. */
  points: number;
  detail: string;
}

export function simpleExplanation(summary: string, inputs: Record<string, unknown> = {}): PointsExplanation {
  return { summary, rules: [], inputs, steps: [summary] };
}
