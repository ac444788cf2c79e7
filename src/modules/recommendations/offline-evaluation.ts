import { buyAgainRanking, knnRanking, popularityRanking, type KnnParams } from './evaluation-baselines';
import type { ModelParams } from './model-params';
import { buildSnapshot, snapshotNeighbours, type ModelSnapshot, type SnapshotOrder } from './model-snapshot';
import { blend } from './product-ranking';
import { MetricsSum, type Metrics } from './ranking-metrics';
import {
  scoreMembers,
  tuneKnn,
  tuneModel,
  type ModeTruth,
  type ProductInfo,
  type Truth,
} from './model-tuning';

export { MetricsSum, type Metrics };
export type EvaluationOrder = SnapshotOrder;

export const MODELS = ['recommender', 'popularity', 'buy again + popularity', 'item-kNN (tuned)'] as const;
export type ModelName = (typeof MODELS)[number];
export type ModelMetrics = Record<ModelName, Metrics>;

export interface EvaluationResult {
  trainOrders: number;
  testOrders: number;
  /** Predicting every product a member buys after the split (re-buys count). */
  all: ModelMetrics;
  /** Predicting only products the member had never bought (bought ones excluded from every ranking). */
  newProducts: ModelMetrics;
  /** What the validation window chose. */
  tuned: { model: ModelParams; knnAll: KnnParams; knnNew: KnnParams };
}

const DAY_MS = 86_400_000;

/** What each member who bought before `from` bought in [from, to): all of it, and what was new to them. */
function truthOf(snapshot: ModelSnapshot, orders: readonly SnapshotOrder[], from: Date, to: Date): ModeTruth {
  const all: Truth = new Map();
  const newToMember: Truth = new Map();
  for (const order of orders) {
    if (order.at < from || order.at >= to) continue;
    const owned = snapshot.history.get(order.memberId);
    if (!owned) continue;
    for (const id of order.productIds) {
      all.set(order.memberId, (all.get(order.memberId) ?? new Set()).add(id));
      if (!owned.has(id))
        newToMember.set(order.memberId, (newToMember.get(order.memberId) ?? new Set()).add(id));
    }
  }
  return { all, newToMember };
}

/**
 * Offline evaluation on a time split. Tuning first: the model and the item-kNN baseline learn from the
 * orders before `splitAt - validationDays` and choose their parameters on the validation window that
 * follows. Then everything learns from all the orders before `splitAt` (the same counting as the
 * recompute job, the same ranking as the API) and each member who bought both before and after is
 * asked for k products, scored against what they bought after, for every model.
 */
export function evaluateOffline(input: {
  orders: readonly EvaluationOrder[];
  products: readonly ProductInfo[];
  splitAt: Date;
  validationDays?: number;
  k?: number;
  /** `quick`: smaller tuning grids (the CI's small evaluation). */
  budget?: 'full' | 'quick';
}): EvaluationResult {
  const budget = input.budget ?? 'full';
  const k = input.k ?? 10;
  const validationDays = input.validationDays ?? 60;
  const validationAt = new Date(input.splitAt.getTime() - validationDays * DAY_MS);
  const early = buildSnapshot(input.orders, validationAt);
  const validation = truthOf(early, input.orders, validationAt, input.splitAt);
  const earlyPopular = popularityRanking(
    new Map([...early.counts].map(([id, c]) => [id, c.buyers])),
    input.products.map((p) => p.id),
  );
  const tuned = {
    model: tuneModel(early, input.products, validation, k, budget),
    knnAll: tuneKnn(early, earlyPopular, validation.all, false, k, budget),
    knnNew: tuneKnn(early, earlyPopular, validation.newToMember, true, k, budget),
  };

  const snapshot = buildSnapshot(input.orders, input.splitAt);
  const test = truthOf(snapshot, input.orders, input.splitAt, new Date(8.64e15));
  const onSale = input.products
    .filter((p) => !p.availableFrom || p.availableFrom <= input.splitAt)
    .map((p) => p.id);
  const popular = popularityRanking(new Map([...snapshot.counts].map(([id, c]) => [id, c.buyers])), onSale);
  const run = (truth: Truth, excludePurchased: boolean, knn: KnnParams): ModelMetrics => {
    const sums = Object.fromEntries(MODELS.map((name) => [name, new MetricsSum(k)])) as Record<
      ModelName,
      MetricsSum
    >;
    const scored = scoreMembers(snapshot, input.products, truth, tuned.model);
    const knnNeighbours = snapshotNeighbours(snapshot, knn, { sequences: false });
    for (const [memberId, bought] of truth) {
      const history = [...(snapshot.history.get(memberId)?.values() ?? [])];
      const owned = new Set(history.map((item) => item.productId));
      const exclude = excludePurchased ? owned : new Set<number>();
      const model = blend({
        scored: scored.get(memberId) ?? [],
        weights: excludePurchased ? tuned.model.weights.newToMember : tuned.model.weights.all,
        dismissed: new Set(),
        options: { first: k, excludePurchased, favourSustainable: false },
      }).map((r) => r.productId);
      const unowned = popular.filter((id) => !exclude.has(id));
      sums.recommender.add(model, bought);
      sums.popularity.add(unowned.slice(0, k), bought);
      sums['buy again + popularity'].add(
        excludePurchased ? unowned.slice(0, k) : buyAgainRanking(history, popular, k),
        bought,
      );
      sums['item-kNN (tuned)'].add(
        knnRanking({
          history,
          neighbours: knnNeighbours,
          params: knn,
          now: input.splitAt,
          exclude,
          popular,
          k,
        }),
        bought,
      );
    }
    return Object.fromEntries(MODELS.map((name) => [name, sums[name].result()])) as ModelMetrics;
  };
  const trainOrders = input.orders.filter((o) => o.at < input.splitAt).length;
  return {
    trainOrders,
    testOrders: input.orders.length - trainOrders,
    all: run(test.all, false, tuned.knnAll),
    newProducts: run(test.newToMember, true, tuned.knnNew),
    tuned,
  };
}
