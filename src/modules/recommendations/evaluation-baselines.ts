import type { Neighbour } from './co-purchase.model';
import type { HistoryItem } from './product-ranking';

/**
 * The baselines the model has to beat, implemented here (in the evaluation, not the API):
 * popularity, the member's own most-bought products then popularity, and a tuned item-kNN.
 */

const DAY_MS = 86_400_000;

/** All-time distinct buyers, most first (ties: id). */
export function popularityRanking(
  buyers: ReadonlyMap<number, number>,
  productIds: readonly number[],
): number[] {
  return [...productIds].sort((a, b) => (buyers.get(b) ?? 0) - (buyers.get(a) ?? 0) || a - b);
}

/** The member's own products, most bought first (then most recent), then popularity. */
export function buyAgainRanking(
  history: readonly HistoryItem[],
  popular: readonly number[],
  k: number,
): number[] {
  const own = [...history]
    .sort(
      (a, b) =>
        b.purchases - a.purchases ||
        b.lastPurchasedAt.getTime() - a.lastPurchasedAt.getTime() ||
        a.productId - b.productId,
    )
    .map((item) => item.productId);
  const seen = new Set(own.slice(0, k));
  return [...own.slice(0, k), ...popular.filter((id) => !seen.has(id))].slice(0, k);
}

export interface KnnParams {
  neighbours: number;
  shrinkage: number;
  /** Half-life in days of a history item's weight (0: no decay). */
  halfLifeDays: number;
  /** What an owned product adds to its own score (its similarity to itself), × its weight. */
  selfWeight: number;
}

/**
 * Item-kNN: score(j) = Σ over the member's products i of weight(i) × sim(i, j), sim the shrunk cosine
 * of buyer sets over each product's top neighbours; owned products also score `selfWeight` × weight.
 * The rest of the top k is filled by popularity.
 */
export function knnRanking(input: {
  history: readonly HistoryItem[];
  neighbours: ReadonlyMap<number, readonly Neighbour[]>;
  params: KnnParams;
  now: Date;
  exclude: ReadonlySet<number>;
  popular: readonly number[];
  k: number;
}): number[] {
  const { params, now } = input;
  const scores = new Map<number, number>();
  for (const item of input.history) {
    const age = (now.getTime() - item.lastPurchasedAt.getTime()) / DAY_MS;
    const weight = params.halfLifeDays > 0 ? 0.5 ** (age / params.halfLifeDays) : 1;
    if (params.selfWeight > 0) {
      scores.set(item.productId, (scores.get(item.productId) ?? 0) + params.selfWeight * weight);
    }
    for (const neighbour of input.neighbours.get(item.productId) ?? []) {
      scores.set(neighbour.neighbourId, (scores.get(neighbour.neighbourId) ?? 0) + weight * neighbour.score);
    }
  }
  const ranked = [...scores]
    .filter(([id, score]) => score > 0 && !input.exclude.has(id))
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, input.k)
    .map(([id]) => id);
  const seen = new Set(ranked);
  return [...ranked, ...input.popular.filter((id) => !seen.has(id) && !input.exclude.has(id))].slice(
    0,
    input.k,
  );
}
