import type { FieldProblem } from '../../common/errors';

/** The shape of a tier the ladder rules check, after an input was merged onto the stored tier. */
export interface TierDraft {
  rank: number;
  paid: boolean;
  minSpendMinor: number | null;
  minOrders: number | null;
  minPoints: number | null;
  annualFeeMinor: number | null;
  annualFeeCurrency: string | null;
}

/**
 * What makes a tier coherent: the entry tier (rank 0) is free and needs no threshold; a paid tier is
 * only assigned, so thresholds would be dead data; every other tier must be reachable by a threshold;
 * a fee belongs to a paid tier and comes with its currency.
 */
export function ladderProblems(draft: TierDraft): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, messages: [message] });
  const hasThreshold = draft.minSpendMinor !== null || draft.minOrders !== null || draft.minPoints !== null;
  if (draft.rank === 0 && draft.paid) add('paid', 'The entry tier (rank 0) cannot be a paid tier');
  if (draft.rank === 0 && hasThreshold)
    add('rank', 'The entry tier (rank 0) has no thresholds: every member is on it');
  if (draft.paid && hasThreshold) add('paid', 'A paid tier is only assigned: leave its thresholds empty');
  if (!draft.paid && draft.rank > 0 && !hasThreshold) {
    add(
      'minimumSpendMinor',
      'Set at least one threshold (spend, orders or points) for a tier above the entry tier',
    );
  }
  if (!draft.paid && draft.annualFeeMinor !== null)
    add('annualFeeMinor', 'Only a paid tier has an annual fee');
  if ((draft.annualFeeMinor === null) !== (draft.annualFeeCurrency === null)) {
    add('annualFeeCurrency', 'Give the annual fee and its currency together');
  }
  return problems;
}

/** The multiplier in thousandths, exact for inputs with at most 3 decimals (validated before). */
export function toPermille(multiplier: number): number {
  return Math.round(multiplier * 1000);
}
