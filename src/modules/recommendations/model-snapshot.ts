import {
  applyPurchases,
  topNeighbours,
  type Neighbour,
  type OwnedProducts,
  type SimilarityParams,
} from './co-purchase.model';
import type { HistoryItem } from './product-ranking';
import type { RebuyParams } from './rebuy-timing';
import { trendScores } from './popularity-trend';

export interface SnapshotOrder {
  memberId: number;
  at: Date;
  productIds: number[];
}

export interface ProductCounts {
  buyers: number;
  repeatBuyers: number;
  repeatPurchases: number;
  repeatDaysSum: number;
}

/**
 * The whole model computed in memory from a list of orders, with the same counting as the
 * incremental job (applyPurchases): what the full rebuild writes, and what the offline evaluation
 * learns from. Orders are taken in time order; those at or after `now` are ignored.
 */
export interface ModelSnapshot {
  now: Date;
  history: Map<number, Map<number, HistoryItem>>;
  /** Co-buyers and "bought next" followers per product pair (i → j). */
  pairs: Map<number, Map<number, { members: number; followers: number }>>;
  counts: Map<number, ProductCounts>;
  trend: Map<number, number>;
}

export function buildSnapshot(orders: readonly SnapshotOrder[], now: Date): ModelSnapshot {
  const sorted = orders.filter((order) => order.at < now).sort((a, b) => a.at.getTime() - b.at.getTime());
  const known: OwnedProducts = new Map();
  const snapshot: ModelSnapshot = {
    now,
    history: new Map(),
    pairs: new Map(),
    counts: new Map(),
    trend: new Map(),
  };
  const counts = (id: number) => {
    let row = snapshot.counts.get(id);
    if (!row) {
      row = { buyers: 0, repeatBuyers: 0, repeatPurchases: 0, repeatDaysSum: 0 };
      snapshot.counts.set(id, row);
    }
    return row;
  };
  const pair = (i: number, j: number) => {
    let row = snapshot.pairs.get(i);
    if (!row) {
      row = new Map();
      snapshot.pairs.set(i, row);
    }
    let cell = row.get(j);
    if (!cell) {
      cell = { members: 0, followers: 0 };
      row.set(j, cell);
    }
    return cell;
  };
  for (const order of sorted) {
    const delta = applyPurchases(
      known,
      [...new Set(order.productIds)].map((productId) => ({
        memberId: order.memberId,
        productId,
        at: order.at,
      })),
    );
    for (const [key, n] of delta.pairIncrements) {
      const [i, j] = key.split(':').map(Number);
      pair(i, j).members += n;
    }
    for (const [key, n] of delta.followIncrements) {
      const [i, j] = key.split(':').map(Number);
      pair(i, j).followers += n;
    }
    for (const [id, n] of delta.buyerIncrements) counts(id).buyers += n;
    const mine = snapshot.history.get(order.memberId) ?? new Map<number, HistoryItem>();
    snapshot.history.set(order.memberId, mine);
    for (const event of delta.firstPurchases) {
      mine.set(event.productId, {
        productId: event.productId,
        purchases: 1,
        firstPurchasedAt: event.at,
        lastPurchasedAt: event.at,
      });
    }
    for (const event of delta.repeats) {
      const item = mine.get(event.productId)!;
      item.purchases += 1;
      item.lastPurchasedAt = event.at;
      if (event.daysSinceLast <= 0) continue;
      const row = counts(event.productId);
      if (item.purchases === 2) row.repeatBuyers += 1;
      row.repeatPurchases += 1;
      row.repeatDaysSum += event.daysSinceLast;
    }
  }
  snapshot.trend = trendScores(
    sorted.flatMap((order) => order.productIds.map((productId) => ({ productId, at: order.at }))),
    now,
  );
  return snapshot;
}

/** Every product's neighbour list under the given similarity parameters. */
export function snapshotNeighbours(
  snapshot: ModelSnapshot,
  similarity: SimilarityParams,
  options: { sequences: boolean } = { sequences: true },
): Map<number, Neighbour[]> {
  const buyers = (id: number) => snapshot.counts.get(id)?.buyers ?? 0;
  const result = new Map<number, Neighbour[]>();
  for (const [productId, row] of snapshot.pairs) {
    const list = topNeighbours(
      productId,
      [...row].map(([otherProductId, cell]) => ({
        otherProductId,
        members: cell.members,
        followers: options.sequences ? cell.followers : 0,
      })),
      buyers,
      similarity,
    );
    if (list.length) result.set(productId, list);
  }
  return result;
}

export type { RebuyParams };
