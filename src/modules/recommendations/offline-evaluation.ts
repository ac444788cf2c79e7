import { applyPurchases, topNeighbours, type Neighbour } from './co-purchase.model';
import { rankProducts, type CandidateProduct } from './product-ranking';

export interface EvaluationOrder {
  memberId: number;
  at: Date;
  productIds: number[];
}

export interface Metrics {
  precision: number;
  recall: number;
  hitRate: number;
  ndcg: number;
  members: number;
}

export interface EvaluationResult {
  trainOrders: number;
  testOrders: number;
  /** Predicting every product a member buys after the split (rebuys count). */
  all: { recommender: Metrics; popularity: Metrics };
  /** Predicting only products the member had never bought (bought ones excluded from both rankings). */
  newProducts: { recommender: Metrics; popularity: Metrics };
}

/**
 * Offline evaluation on a time split: the model learns from orders before `splitAt` (the same
 * incremental counting and cosine neighbours as the recompute job, the same ranking as the API), and
 * each member who bought both before and after is asked for k products, scored against what they
 * bought after. The baseline ranks by distinct buyers before the split (the new-member fallback).
 */
export function evaluateOffline(input: {
  orders: readonly EvaluationOrder[];
  products: readonly Omit<CandidateProduct, 'buyers'>[];
  splitAt: Date;
  k?: number;
}): EvaluationResult {
  const k = input.k ?? 10;
  const sorted = [...input.orders].sort((a, b) => a.at.getTime() - b.at.getTime());
  const train = sorted.filter((order) => order.at < input.splitAt);
  const test = sorted.filter((order) => order.at >= input.splitAt);

  const known = new Map<number, Set<number>>();
  const pairs = new Map<number, Map<number, number>>();
  const buyers = new Map<number, number>();
  const purchases = new Map<number, Map<number, number>>();
  for (const order of train) {
    const delta = applyPurchases(
      known,
      order.productIds.map((productId) => ({ memberId: order.memberId, productId, at: order.at })),
    );
    for (const [key, n] of delta.pairIncrements) {
      const [i, j] = key.split(':').map(Number);
      const row = pairs.get(i) ?? new Map<number, number>();
      row.set(j, (row.get(j) ?? 0) + n);
      pairs.set(i, row);
    }
    for (const [id, n] of delta.buyerIncrements) buyers.set(id, (buyers.get(id) ?? 0) + n);
    const mine = purchases.get(order.memberId) ?? new Map<number, number>();
    for (const id of order.productIds) mine.set(id, (mine.get(id) ?? 0) + 1);
    purchases.set(order.memberId, mine);
  }
  const neighbours = new Map<number, Neighbour[]>();
  for (const product of input.products) {
    const row = [...(pairs.get(product.id) ?? new Map<number, number>())].map(
      ([otherProductId, members]) => ({
        otherProductId,
        members,
      }),
    );
    neighbours.set(
      product.id,
      topNeighbours(product.id, row, (id) => buyers.get(id) ?? 0),
    );
  }
  const catalog = new Map(input.products.map((p) => [p.id, { ...p, buyers: buyers.get(p.id) ?? 0 }]));
  const popular = [...catalog.values()].sort((a, b) => b.buyers - a.buyers || a.id - b.id).map((p) => p.id);

  const future = new Map<number, Set<number>>();
  for (const order of test) {
    if (!known.has(order.memberId)) continue;
    const set = future.get(order.memberId) ?? new Set<number>();
    for (const id of order.productIds) set.add(id);
    future.set(order.memberId, set);
  }

  const run = (excludePurchased: boolean) => {
    const recommender = new MetricsSum(k);
    const popularity = new MetricsSum(k);
    for (const [memberId, bought] of future) {
      const owned = known.get(memberId)!;
      const truth = excludePurchased ? new Set([...bought].filter((id) => !owned.has(id))) : bought;
      if (truth.size === 0) continue;
      const history = [...(purchases.get(memberId) ?? new Map<number, number>())].map(([productId, n]) => ({
        productId,
        purchases: n,
      }));
      const ranked = rankProducts({
        history,
        neighbours,
        products: catalog,
        dismissed: new Set(),
        options: { first: k, excludePurchased, favourSustainable: false },
      }).map((r) => r.productId);
      recommender.add(ranked, truth);
      popularity.add(popular.filter((id) => !(excludePurchased && owned.has(id))).slice(0, k), truth);
    }
    return { recommender: recommender.result(), popularity: popularity.result() };
  };
  return { trainOrders: train.length, testOrders: test.length, all: run(false), newProducts: run(true) };
}

/** Sums per-member metrics with binary relevance; NDCG's ideal puts min(k, |truth|) hits on top. */
export class MetricsSum {
  private precision = 0;
  private recall = 0;
  private hits = 0;
  private ndcg = 0;
  private members = 0;

  constructor(private readonly k: number) {}

  add(ranked: readonly number[], truth: ReadonlySet<number>): void {
    const top = ranked.slice(0, this.k);
    let found = 0;
    let dcg = 0;
    top.forEach((id, index) => {
      if (truth.has(id)) {
        found += 1;
        dcg += 1 / Math.log2(index + 2);
      }
    });
    let ideal = 0;
    for (let i = 0; i < Math.min(this.k, truth.size); i++) ideal += 1 / Math.log2(i + 2);
    this.precision += found / this.k;
    this.recall += found / truth.size;
    this.hits += found > 0 ? 1 : 0;
    this.ndcg += ideal > 0 ? dcg / ideal : 0;
    this.members += 1;
  }

  result(): Metrics {
    const n = Math.max(1, this.members);
    return {
      precision: this.precision / n,
      recall: this.recall / n,
      hitRate: this.hits / n,
      ndcg: this.ndcg / n,
      members: this.members,
    };
  }
}
