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

export interface ModelDelta {
  /** (member, product) pairs seen for the first time. */
  firstPurchases: PurchaseEvent[];
  /** Repeat purchases of pairs already known (or seen earlier in the same batch). */
  repeats: PurchaseEvent[];
  /** Co-buyer increments, both directions: key `${i}:${j}`. */
  pairIncrements: Map<string, number>;
  /** New distinct buyers per product. */
  buyerIncrements: Map<number, number>;
}

/**
 * What a batch of purchases (in time order) adds, given the products each member already had.
 * `known` is updated in place, so consecutive batches chain.
 */
export function applyPurchases(
  known: Map<number, Set<number>>,
  purchases: readonly PurchaseEvent[],
): ModelDelta {
  const delta: ModelDelta = {
    firstPurchases: [],
    repeats: [],
    pairIncrements: new Map(),
    buyerIncrements: new Map(),
  };
  for (const purchase of purchases) {
    let owned = known.get(purchase.memberId);
    if (!owned) {
      owned = new Set();
      known.set(purchase.memberId, owned);
    }
    if (owned.has(purchase.productId)) {
      delta.repeats.push(purchase);
      continue;
    }
    for (const other of owned) {
      increment(delta.pairIncrements, `${purchase.productId}:${other}`);
      increment(delta.pairIncrements, `${other}:${purchase.productId}`);
    }
    owned.add(purchase.productId);
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
  score: number;
  coBuyers: number;
}

/** Pairs seen by fewer members than this are noise, not a relation. */
export const MIN_CO_BUYERS = 2;
/** Neighbours kept per product: what a request reads instead of scanning pairs. */
export const NEIGHBOURS_PER_PRODUCT = 30;

/** The best neighbours of one product by cosine similarity of buyer sets (ties: more co-buyers, then id). */
export function topNeighbours(
  productId: number,
  pairs: readonly { otherProductId: number; members: number }[],
  buyers: (productId: number) => number,
  k = NEIGHBOURS_PER_PRODUCT,
): Neighbour[] {
  const own = buyers(productId);
  if (own === 0) return [];
  return pairs
    .filter((pair) => pair.members >= MIN_CO_BUYERS && pair.otherProductId !== productId)
    .map((pair) => ({
      neighbourId: pair.otherProductId,
      coBuyers: pair.members,
      score: pair.members / Math.sqrt(own * Math.max(1, buyers(pair.otherProductId))),
    }))
    .sort((a, b) => b.score - a.score || b.coBuyers - a.coBuyers || a.neighbourId - b.neighbourId)
    .slice(0, k);
}
