import { RfmSegment } from './insight.enums';

/**
 * Quintile scores 1-5 over the scored members (ACTIVE members with at least one order): a value's
 * score is 1 + floor(5 × rank / n), rank being how many members have a strictly worse value, so ties
 * share the lower score and five distinct values score 1 to 5. Recency scores on −days (recent = 5).
 */
export function quintileScorer(values: readonly number[]): (value: number) => number {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  return (value) => {
    let low = 0;
    let high = n;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (sorted[mid] < value) low = mid + 1;
      else high = mid;
    }
    return Math.min(5, 1 + Math.floor((5 * low) / Math.max(1, n)));
  };
}

/**
 * The named segment from R and FM = round((F + M) / 2), first match wins:
 * CHAMPIONS R≥4 FM≥4 · CANNOT_LOSE R=1 FM≥4 · AT_RISK R≤2 FM≥3 · LOYAL R≥3 FM≥3 · NEW_CUSTOMERS R=5 FM=1 ·
 * PROMISING R=4 FM=1 · POTENTIAL_LOYALIST R≥4 FM=2 · NEED_ATTENTION R=3 FM=2 · ABOUT_TO_SLEEP R=3 FM=1 ·
 * HIBERNATING R=2 FM≤2 · LOST R=1 FM≤2. Every (R, FM) pair has exactly one segment.
 */
export function rfmSegment(r: number, f: number, m: number): RfmSegment {
  const fm = Math.round((f + m) / 2);
  if (r >= 4 && fm >= 4) return RfmSegment.CHAMPIONS;
  if (r === 1 && fm >= 4) return RfmSegment.CANNOT_LOSE;
  if (r <= 2 && fm >= 3) return RfmSegment.AT_RISK;
  if (r >= 3 && fm >= 3) return RfmSegment.LOYAL;
  if (r === 5 && fm === 1) return RfmSegment.NEW_CUSTOMERS;
  if (r === 4 && fm === 1) return RfmSegment.PROMISING;
  if (r >= 4) return RfmSegment.POTENTIAL_LOYALIST;
  if (r === 3 && fm === 2) return RfmSegment.NEED_ATTENTION;
  if (r === 3) return RfmSegment.ABOUT_TO_SLEEP;
  if (r === 2) return RfmSegment.HIBERNATING;
  return RfmSegment.LOST;
}
