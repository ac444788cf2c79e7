import type { Database } from '../../data/database';
import type { JobProgress, JobReport } from '../../jobs/job';
import { applyPurchases, topNeighbours } from './co-purchase.model';
import type { ProductNeighbour, ProductPair } from './recommendation-model.entities';
import type { RecommendationsRepository } from './recommendations.repository';

const ORDERS_PER_BATCH = 500;
const PRODUCTS_PER_BATCH = 100;

/**
 * Orders younger than this (by `createdAt`, set inside the recording transaction just before the
 * insert) are left for the next run. On MySQL ids are taken at insert but rows become visible at
 * commit, so a committed order can sit above an id whose transaction is still open: a watermark that
 * passed it would skip that order for good. Waiting until the newest order read is this old assumes
 * an order's transaction commits within this time of its insert.
 */
export const ORDER_SETTLE_MS = 30_000;

function settleHorizon(now: Date): Date {
  return new Date(now.getTime() - ORDER_SETTLE_MS);
}

/**
 * Keeps the co-purchase model up to date incrementally. Each batch of orders after the watermark is
 * read, counted and claimed in one transaction (on SQLite that puts the read in the transaction queue,
 * after any order still being written; the conditional watermark move makes a second instance or a CLI
 * run beside the server stop instead of counting an order twice). The same transaction marks the
 * products whose counts changed (`refreshDue`); the neighbour lists are then recomputed from those marks,
 * so a crash in between is finished by the next run. Requests never scan pairs: they read neighbours.
 */
export class RecommendationModelService {
  constructor(
    private readonly db: Database,
    private readonly repository: RecommendationsRepository,
  ) {}

  recompute(now: Date, progress?: JobProgress): Promise<JobReport> {
    return this.recomputeSettled(now, settleHorizon(now), progress);
  }

  /**
   * The same without the settle delay, for a caller that knows no transaction recording orders is open
   * (the demo seed: it awaited every order it recorded, and runs before the server starts). Then every
   * order is visible and none can still commit below the watermark, which is all the delay guards
   * against. Without it a fresh `npm start` had no recommendations until the hourly run after next:
   * at the first run, every demo order was younger than the delay.
   */
  recomputeWithNoWriterInFlight(now: Date): Promise<JobReport> {
    return this.recomputeSettled(now, now);
  }

  private async recomputeSettled(now: Date, settledBefore: Date, progress?: JobProgress): Promise<JobReport> {
    const counted = await this.countOrders(now, settledBefore, progress);
    const refreshed = await this.refreshDueNeighbours();
    return {
      ordersCounted: counted.orders,
      newMemberProducts: counted.firstPurchases,
      productsRefreshed: refreshed,
    };
  }

  /**
   * The periodic full rebuild: recounts every order up to the watermark from scratch, so refunds and
   * cancellations that arrived after an order was counted are subtracted (the incremental count only
   * adds), and erased members' orders are left out (their purchases were forgotten at erasure; a recount
   * must not bring them back). One transaction holds the watermark's row, so incremental batches wait
   * for it (on SQLite transactions take turns anyway); the counts are replaced in it by a few
   * INSERT ... SELECT statements (see recountFromOrders). The neighbour lists are kept until the refresh
   * that follows recomputes them from the marks it sets (a product nobody bought any more loses its
   * list in the transaction), so requests never rank without neighbours in between.
   */
  async rebuild(now: Date): Promise<JobReport> {
    const memberProducts = await this.db.transaction(async (tx) => {
      const watermark = await this.repository.lockWatermark(tx);
      await this.repository.clearCounts(tx);
      const counted = await this.repository.recountFromOrders(tx, watermark, now);
      await this.repository.dropNeighboursOfUnbought(tx);
      return counted;
    });
    return { memberProducts, productsRefreshed: await this.refreshDueNeighbours() };
  }

  /** Counts the settled orders after the watermark into the model and marks the products they change. */
  countNewOrders(now: Date, progress?: JobProgress): Promise<{ orders: number; firstPurchases: number }> {
    return this.countOrders(now, settleHorizon(now), progress);
  }

  /** Counts the orders after the watermark, up to the first one recorded after `settledBefore`. */
  private async countOrders(
    now: Date,
    settledBefore: Date,
    progress?: JobProgress,
  ): Promise<{ orders: number; firstPurchases: number }> {
    const total = await this.repository.countOrdersAfter(
      this.db.manager,
      await this.repository.watermark(this.db.manager),
    );
    progress?.(0, total);
    let orders = 0;
    let firstPurchases = 0;
    for (;;) {
      const step = await this.db.transaction(async (tx) => {
        const watermark = await this.repository.watermark(tx);
        const batch = await this.repository.ordersAfter(tx, watermark, settledBefore, ORDERS_PER_BATCH);
        if (batch.lastId === watermark) return null;
        // Another instance moved the watermark first: it counts these orders, and the ones after.
        if (!(await this.repository.claim(tx, watermark, batch.lastId, now))) return null;
        const known = await this.repository.productsOwnedBy(tx, [
          ...new Set(batch.orders.map((o) => o.memberId)),
        ]);
        const delta = applyPurchases(
          known,
          batch.orders.flatMap((order) =>
            order.productIds.map((productId) => ({ memberId: order.memberId, productId, at: order.at })),
          ),
        );
        await this.repository.applyDelta(tx, delta, now);
        return { read: batch.read, firstPurchases: delta.firstPurchases.length };
      });
      if (!step) break;
      orders += step.read;
      firstPurchases += step.firstPurchases;
      progress?.(orders, total);
    }
    return { orders, firstPurchases };
  }

  /**
   * Recomputes the neighbour lists of the marked products, a chunk per transaction. The chunk's stats
   * rows are locked first, so a batch counted meanwhile waits and marks them again after this commit.
   */
  async refreshDueNeighbours(): Promise<number> {
    let refreshed = 0;
    for (;;) {
      const done = await this.db.transaction(async (tx) => {
        const chunk = await this.repository.lockRefreshDue(tx, PRODUCTS_PER_BATCH);
        if (!chunk.length) return 0;
        const pairs = await this.repository.pairsOf(tx, chunk);
        const buyers = await this.repository.buyersOf(tx, [
          ...new Set([...chunk, ...pairs.map((pair) => pair.otherProductId)]),
        ]);
        const byProduct = new Map<number, ProductPair[]>();
        for (const pair of pairs) {
          const own = byProduct.get(pair.productId);
          if (own) own.push(pair);
          else byProduct.set(pair.productId, [pair]);
        }
        const rows: ProductNeighbour[] = [];
        for (const productId of chunk) {
          const own = byProduct.get(productId) ?? [];
          for (const neighbour of topNeighbours(productId, own, (id) => buyers.get(id) ?? 0)) {
            rows.push({ productId, ...neighbour });
          }
        }
        await this.repository.replaceNeighbours(tx, chunk, rows);
        await this.repository.clearRefreshDue(tx, chunk);
        return chunk.length;
      });
      if (!done) return refreshed;
      refreshed += done;
    }
  }
}
