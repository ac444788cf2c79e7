/**
 * The item-to-item collaborative filtering model, pure so the recompute job and the offline evaluation
 * run exactly the same arithmetic.
 *
 * Co-purchase counts are per member, not per basket: two products are related when the same members
 * buy both (Amazon's item-to-item CF), which catches bundles bought together and tastes that span
 * orders. Counting is incremental: when a member buys a product for the first time, each product they
 * already had gains one co-buyer with it, so new orders cost O(products of that member) and nothing is
 * ever recounted. Similarity is the cosine of the two buyer sets: co / sqrt(buyers(i) × buyers(j)).
 */

export interface PurchaseEvent {
  memberId: number;
  productId: number;
  at: Date;
}

/** What the model knows of one member's product before a batch: when they last bought it. */
export type OwnedProducts = Map<number, Map<number, Date>>;

export interface ModelDelta {
  /** (member, product) pairs seen for the first time. */
  firstPurchases: PurchaseEvent[];
  /** Repeat purchases of pairs already known (or seen earlier in the same batch), with the days since the last (0: same order). */
  repeats: (PurchaseEvent & { daysSinceLast: number })[];
  /** Co-buyer increments, both directions: key `${i}:${j}`. */
  pairIncrements: Map<string, number>;
  /**
   * "Bought next" increments, one direction: key `${i}:${j}` when a member's first purchase of j comes
   * after (in a later order, within FOLLOW_WINDOW_DAYS of) their last purchase of i.
   */
  followIncrements: Map<string, number>;
  /** New distinct buyers per product. */
  buyerIncrements: Map<number, number>;
}

/** A purchase of j follows i when it comes at most this long after the last purchase of i. */
export const FOLLOW_WINDOW_DAYS = 120;
const DAY_MS = 86_400_000;

/**
 * What a batch of purchases (in time order) adds, given the products each member already had and
 * when they last bought them. `known` is updated in place, so consecutive batches chain.
 */
export function applyPurchases(known: OwnedProducts, purchases: readonly PurchaseEvent[]): ModelDelta {
  const delta: ModelDelta = {
    firstPurchases: [],
    repeats: [],
    pairIncrements: new Map(),
    followIncrements: new Map(),
    buyerIncrements: new Map(),
  };
  for (const purchase of purchases) {
    let owned = known.get(purchase.memberId);
    if (!owned) {
      owned = new Map();
      known.set(purchase.memberId, owned);
    }
    const last = owned.get(purchase.productId);
    if (last) {
      const gap = (purchase.at.getTime() - last.getTime()) / DAY_MS;
      // The same product twice in one order has a 0-day gap: a purchase, not an interval.
      delta.repeats.push({ ...purchase, daysSinceLast: Math.max(0, gap) });
      if (purchase.at > last) owned.set(purchase.productId, purchase.at);
      continue;
    }
    for (const [other, otherLast] of owned) {
      increment(delta.pairIncrements, `${purchase.productId}:${other}`);
      increment(delta.pairIncrements, `${other}:${purchase.productId}`);
      const gap = purchase.at.getTime() - otherLast.getTime();
      if (gap > 0 && gap <= FOLLOW_WINDOW_DAYS * DAY_MS) {
        increment(delta.followIncrements, `${other}:${purchase.productId}`);
      }
    }
    owned.set(purchase.productId, purchase.at);
    delta.firstPurchases.push(purchase);
    delta.buyerIncrements.set(purchase.productId, (delta.buyerIncrements.get(purchase.productId) ?? 0) + 1);
  }
  return delta;
}

function increment<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

export interface Neighbour {
  neighbourId: number;
  /** Item-kNN similarity (shrunk cosine). */
  score: number;
  coBuyers: number;
  /** P(bought next | bought this): members who bought the neighbour after this product / buyers of this one. */
  nextScore?: number;
}

/** How neighbours are computed: chosen on a validation window (see model-tuning.ts), not hand-set. */
export interface SimilarityParams {
  /** Neighbours kept per product. */
  neighbours: number;
  /** Added to the cosine's denominator: pairs seen by few members count less. */
  shrinkage: number;
}

/** Pairs seen by fewer members than this are noise, not a relation. */
export const MIN_CO_BUYERS = 2;
/** Neighbours kept per product: what a request reads instead of scanning pairs. */
export const NEIGHBOURS_PER_PRODUCT = 30;
export const DEFAULT_SIMILARITY: SimilarityParams = { neighbours: NEIGHBOURS_PER_PRODUCT, shrinkage: 0 };

/**
 * The best neighbours of one product: by shrunk cosine of buyer sets, co / (√(buyers(i) × buyers(j)) +
 * shrinkage), plus the products most often bought next after it (ties: more co-buyers, then id).
 */
export function topNeighbours(
  productId: number,
  pairs: readonly { otherProductId: number; members: number; followers?: number }[],
  buyers: (productId: number) => number,
  params: SimilarityParams | number = DEFAULT_SIMILARITY,
): Neighbour[] {
  const { neighbours: k, shrinkage } =
    typeof params === 'number' ? { ...DEFAULT_SIMILARITY, neighbours: params } : params;
  const own = buyers(productId);
  if (own === 0) return [];
  const all = pairs
    .filter((pair) => pair.members >= MIN_CO_BUYERS && pair.otherProductId !== productId)
    .map((pair) => ({
      neighbourId: pair.otherProductId,
      coBuyers: pair.members,
      score: pair.members / (Math.sqrt(own * Math.max(1, buyers(pair.otherProductId))) + shrinkage),
      nextScore: (pair.followers ?? 0) / own,
    }));
  const bySimilarity = [...all]
    .sort((a, b) => b.score - a.score || b.coBuyers - a.coBuyers || a.neighbourId - b.neighbourId)
    .slice(0, k);
  const kept = new Set(bySimilarity.map((n) => n.neighbourId));
  // The strongest "bought next" products stay even when their cosine is low (a charger after a phone).
  const byNext = all
    .filter((n) => n.nextScore > 0 && !kept.has(n.neighbourId))
    .sort((a, b) => b.nextScore - a.nextScore || a.neighbourId - b.neighbourId)
    .slice(0, Math.ceil(k / 3));
  return [...bySimilarity, ...byNext].map((n) =>
    n.nextScore > 0 ? n : { neighbourId: n.neighbourId, coBuyers: n.coBuyers, score: n.score },
  );
}
