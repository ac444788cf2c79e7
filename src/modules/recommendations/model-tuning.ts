import type { Neighbour } from './co-purchase.model';
import { knnRanking, type KnnParams } from './evaluation-baselines';
import {
  DEFAULT_PARAMS,
  NEW_PRODUCT_DAYS,
  NEW_PRODUCT_MAX_BUYERS,
  type BlendWeights,
  type ModelParams,
} from './model-params';
import { snapshotNeighbours, type ModelSnapshot } from './model-snapshot';
import {
  blend,
  scoreCandidates,
  type CandidateProduct,
  type HistoryItem,
  type ScoredCandidate,
} from './product-ranking';
import { MetricsSum } from './ranking-metrics';

/**
 * Parameter choice on a validation window: the model (or the item-kNN baseline) learns from the
 * orders before the window and is scored on what members bought in it, and each parameter in turn
 * takes the value that scores best (coordinate ascent, two rounds for the weights). The objective is
 * recall@k + NDCG@k. Nothing here is hand-set except the grids.
 */

const DAY_MS = 86_400_000;
/** Candidates per request, as the API reads them (see RecommendationsService). */
export const POPULAR_CANDIDATES = 100;
export const NEW_CANDIDATES = 50;

export interface ProductInfo {
  id: number;
  title: string;
  category: string;
  attributes: Record<string, string>;
  sustainable: boolean;
  active: boolean;
  availableFrom?: Date | null;
}

/** Validation (or test) truth: what each member with a history bought in the window. */
export type Truth = Map<number, Set<number>>;

/** The catalogue as the ranking sees it at the snapshot's time (counts and trends from the snapshot). */
export function snapshotCatalog(
  snapshot: ModelSnapshot,
  products: readonly ProductInfo[],
): Map<number, CandidateProduct> {
  return new Map(
    products
      .filter((p) => !p.availableFrom || p.availableFrom <= snapshot.now)
      .map((p) => {
        const counts = snapshot.counts.get(p.id);
        return [
          p.id,
          {
            ...p,
            buyers: counts?.buyers ?? 0,
            repeat: counts,
            trend: snapshot.trend.get(p.id) ?? 0,
          },
        ];
      }),
  );
}

/** The candidates a request considers: the member's products, their neighbours, popular and new ones. */
export function candidatesFor(
  history: readonly HistoryItem[],
  neighbours: ReadonlyMap<number, readonly Neighbour[]>,
  catalog: ReadonlyMap<number, CandidateProduct>,
  byTrend: readonly CandidateProduct[],
  now: Date,
): Map<number, CandidateProduct> {
  const ids = new Set<number>(history.map((item) => item.productId));
  for (const item of history) for (const n of neighbours.get(item.productId) ?? []) ids.add(n.neighbourId);
  for (const p of byTrend.slice(0, POPULAR_CANDIDATES)) ids.add(p.id);
  const categories = new Set(history.map((item) => catalog.get(item.productId)?.category));
  let inTaste = 0;
  let fresh = 0;
  for (const p of byTrend) {
    if (!categories.has(p.category)) continue;
    if (inTaste < POPULAR_CANDIDATES) {
      ids.add(p.id);
      inTaste += 1;
    }
    const isNew =
      p.buyers < NEW_PRODUCT_MAX_BUYERS &&
      !!p.availableFrom &&
      now.getTime() - p.availableFrom.getTime() <= NEW_PRODUCT_DAYS * DAY_MS;
    if (isNew && fresh < NEW_CANDIDATES) {
      ids.add(p.id);
      fresh += 1;
    }
  }
  const result = new Map<number, CandidateProduct>();
  for (const id of ids) {
    const product = catalog.get(id);
    if (product) result.set(id, product);
  }
  return result;
}

export function byTrend(catalog: ReadonlyMap<number, CandidateProduct>): CandidateProduct[] {
  return [...catalog.values()].sort(
    (a, b) => (b.trend ?? 0) - (a.trend ?? 0) || b.buyers - a.buyers || a.id - b.id,
  );
}

/** The model's signals for every member of the truth, under the structural parameters of `params`. */
export function scoreMembers(
  snapshot: ModelSnapshot,
  products: readonly ProductInfo[],
  truth: Truth,
  params: ModelParams,
): Map<number, ScoredCandidate[]> {
  const catalog = snapshotCatalog(snapshot, products);
  const trending = byTrend(catalog);
  const neighbours = snapshotNeighbours(snapshot, params.similarity);
  const result = new Map<number, ScoredCandidate[]>();
  for (const memberId of truth.keys()) {
    const history = [...(snapshot.history.get(memberId)?.values() ?? [])];
    result.set(
      memberId,
      scoreCandidates({
        history,
        neighbours,
        products: candidatesFor(history, neighbours, catalog, trending, snapshot.now),
        now: snapshot.now,
        params,
      }),
    );
  }
  return result;
}

export interface ModeTruth {
  all: Truth;
  newToMember: Truth;
}

/** The validation objective of one blend over pre-scored members: recall@k + NDCG@k. */
export function blendObjective(
  scored: ReadonlyMap<number, ScoredCandidate[]>,
  truth: Truth,
  weights: BlendWeights,
  excludePurchased: boolean,
  k: number,
): number {
  const metrics = new MetricsSum(k);
  for (const [memberId, bought] of truth) {
    if (!bought.size) continue;
    const ranked = blend({
      scored: scored.get(memberId) ?? [],
      weights,
      dismissed: new Set(),
      options: { first: k, excludePurchased, favourSustainable: false },
    }).map((r) => r.productId);
    metrics.add(ranked, bought);
  }
  const m = metrics.result();
  return m.recall + m.ndcg;
}

const WEIGHT_STEPS = [0, 0.25, 0.5, 2, 4];
const STRUCTURE_GRID = {
  neighbours: [20, 50, 100],
  shrinkage: [0, 10],
  profileHalfLifeDays: [0, 180],
  horizonDays: [30, 60],
  dueExponent: [1, 2],
};

function tuneWeights(
  scored: ReadonlyMap<number, ScoredCandidate[]>,
  truth: Truth,
  start: BlendWeights,
  excludePurchased: boolean,
  k: number,
  rounds: number,
): BlendWeights {
  let best = { ...start };
  let bestScore = blendObjective(scored, truth, best, excludePurchased, k);
  const names = (Object.keys(best) as (keyof BlendWeights)[]).filter(
    (name) => !(excludePurchased && name === 'rebuy'),
  );
  for (let round = 0; round < rounds; round++) {
    for (const name of names) {
      const base = best[name];
      const values =
        name === 'owned' ? [0, 0.1, 0.3, 0.6, 1] : WEIGHT_STEPS.map((step) => Math.max(base, 0.05) * step);
      for (const value of values) {
        const candidate = { ...best, [name]: Math.round(value * 1000) / 1000 };
        const score = blendObjective(scored, truth, candidate, excludePurchased, k);
        if (score > bestScore + 1e-9) {
          best = candidate;
          bestScore = score;
        }
      }
    }
  }
  return best;
}

/** The model's parameters chosen on the validation window (snapshot taken at the window's start). */
export function tuneModel(
  snapshot: ModelSnapshot,
  products: readonly ProductInfo[],
  truth: ModeTruth,
  k: number,
  /** `quick` (the CI's small evaluation) keeps the structure of `start` and tunes the weights once over. */
  budget: 'full' | 'quick' = 'full',
  start: ModelParams = DEFAULT_PARAMS,
): ModelParams {
  let params: ModelParams = structuredClone(start);
  const objective = (candidate: ModelParams) => {
    const scored = scoreMembers(snapshot, products, truth.all, candidate);
    const scoredNew = scoreMembers(snapshot, products, truth.newToMember, candidate);
    return (
      blendObjective(scored, truth.all, candidate.weights.all, false, k) +
      blendObjective(scoredNew, truth.newToMember, candidate.weights.newToMember, true, k)
    );
  };
  let best = budget === 'full' ? objective(params) : 0;
  const setters: [number[], (p: ModelParams, v: number) => void][] = [
    [STRUCTURE_GRID.neighbours, (p, v) => (p.similarity.neighbours = v)],
    [STRUCTURE_GRID.shrinkage, (p, v) => (p.similarity.shrinkage = v)],
    [STRUCTURE_GRID.profileHalfLifeDays, (p, v) => (p.profileHalfLifeDays = v)],
    [STRUCTURE_GRID.horizonDays, (p, v) => (p.rebuy.horizonDays = v)],
    [STRUCTURE_GRID.dueExponent, (p, v) => (p.rebuy.dueExponent = v)],
  ];
  for (const [values, set] of budget === 'full' ? setters : []) {
    let chosen = params;
    for (const value of values) {
      const candidate = structuredClone(params);
      set(candidate, value);
      const score = objective(candidate);
      if (score > best + 1e-9) {
        best = score;
        chosen = candidate;
      }
    }
    params = chosen;
  }
  const scored = scoreMembers(snapshot, products, truth.all, params);
  const scoredNew = scoreMembers(snapshot, products, truth.newToMember, params);
  const rounds = budget === 'full' ? 2 : 1;
  params.weights.all = tuneWeights(scored, truth.all, params.weights.all, false, k, rounds);
  params.weights.newToMember = tuneWeights(
    scoredNew,
    truth.newToMember,
    params.weights.newToMember,
    true,
    k,
    rounds,
  );
  return params;
}

export const DEFAULT_KNN: KnnParams = { neighbours: 50, shrinkage: 10, halfLifeDays: 0, selfWeight: 1 };
const KNN_GRID: { [K in keyof KnnParams]: number[] } = {
  neighbours: [20, 50, 100, 200],
  shrinkage: [0, 5, 20, 50],
  halfLifeDays: [0, 60, 180],
  selfWeight: [0, 0.5, 1, 3],
};

/** Item-kNN's parameters chosen on the same validation window, for one mode. */
export function tuneKnn(
  snapshot: ModelSnapshot,
  popular: readonly number[],
  truth: Truth,
  excludePurchased: boolean,
  k: number,
  budget: 'full' | 'quick' = 'full',
): KnnParams {
  let params = { ...DEFAULT_KNN, selfWeight: excludePurchased ? 0 : DEFAULT_KNN.selfWeight };
  const cache = new Map<string, Map<number, Neighbour[]>>();
  const objective = (candidate: KnnParams) => {
    const key = `${candidate.neighbours}:${candidate.shrinkage}`;
    let neighbours = cache.get(key);
    if (!neighbours) {
      neighbours = snapshotNeighbours(snapshot, candidate, { sequences: false });
      cache.set(key, neighbours);
    }
    const metrics = new MetricsSum(k);
    for (const [memberId, bought] of truth) {
      const history = [...(snapshot.history.get(memberId)?.values() ?? [])];
      const exclude = excludePurchased ? new Set(history.map((item) => item.productId)) : new Set<number>();
      metrics.add(
        knnRanking({ history, neighbours, params: candidate, now: snapshot.now, exclude, popular, k }),
        bought,
      );
    }
    const m = metrics.result();
    return m.recall + m.ndcg;
  };
  let best = objective(params);
  for (let round = 0; round < (budget === 'full' ? 2 : 1); round++) {
    for (const name of Object.keys(KNN_GRID) as (keyof KnnParams)[]) {
      if (excludePurchased && name === 'selfWeight') continue;
      for (const value of KNN_GRID[name]) {
        const candidate = { ...params, [name]: value };
        const score = objective(candidate);
        if (score > best + 1e-9) {
          best = score;
          params = candidate;
        }
      }
    }
  }
  return params;
}
