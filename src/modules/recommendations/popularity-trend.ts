/**
 * Trending and seasonal popularity instead of all-time buyers: purchases decay with a 30-day
 * half-life (what sells now), and, where the history reaches back a year, what sold in the coming
 * eight weeks last year counts as much (what is about to sell: garden in spring, toys in December).
 * Both are in "purchases per four weeks", so they add up.
 */

const DAY_MS = 86_400_000;
export const TREND_HALF_LIFE_DAYS = 30;
const SEASON_WINDOW_DAYS = 56;

export function trendScores(
  purchases: readonly { productId: number; at: Date }[],
  now: Date,
): Map<number, number> {
  const recent = new Map<number, number>();
  const lastYear = new Map<number, number>();
  const seasonFrom = now.getTime() - 365 * DAY_MS;
  const seasonTo = seasonFrom + SEASON_WINDOW_DAYS * DAY_MS;
  let reachesBack = false;
  for (const { productId, at } of purchases) {
    const t = at.getTime();
    if (t >= now.getTime()) continue;
    if (t < seasonFrom) reachesBack = true;
    const age = (now.getTime() - t) / DAY_MS;
    // Σ 0.5^(age / half-life) ≈ purchases in the last half-life / ln 2: scaled to four weeks.
    const weight = 0.5 ** (age / TREND_HALF_LIFE_DAYS) * (Math.LN2 * (28 / TREND_HALF_LIFE_DAYS));
    recent.set(productId, (recent.get(productId) ?? 0) + weight);
    if (t >= seasonFrom && t < seasonTo) {
      lastYear.set(productId, (lastYear.get(productId) ?? 0) + 28 / SEASON_WINDOW_DAYS);
    }
  }
  if (!reachesBack) return recent;
  const result = new Map<number, number>();
  for (const id of new Set([...recent.keys(), ...lastYear.keys()])) {
    result.set(id, 0.5 * (recent.get(id) ?? 0) + 0.5 * (lastYear.get(id) ?? 0));
  }
  return result;
}
