import type { Database } from '../../data/database';
import type { JobProgress, JobReport } from '../../jobs/job';
import { applyPurchases, topNeighbours } from './co-purchase.model';
import type { ProductNeighbour } from './recommendation-model.entities';
import type { RecommendationsRepository } from './recommendations.repository';

const ORDERS_PER_BATCH = 500;
const PRODUCTS_PER_BATCH = 100;

/**
 * Keeps the co-purchase model up to date incrementally: orders after the watermark are counted in
 * batches (each in one short transaction that also moves the watermark, conditionally, so two
 * instances or a CLI run beside the server never count an order twice), then only the products whose
 * counts changed get their neighbour lists recomputed. Requests never scan pairs: they read neighbours.
 */
export class RecommendationModelService {
  constructor(
    private readonly db: Database,
    private readonly repository: RecommendationsRepository,
  ) {}

  async recompute(now: Date, progress?: JobProgress): Promise<JobReport> {
    const manager = this.db.manager;
    let watermark = await this.repository.watermark(manager);
    const total = await this.repository.countOrdersAfter(manager, watermark);
    progress?.(0, total);
    const touched = new Set<number>();
    let ordersRead = 0;
    let firstPurchases = 0;
    for (;;) {
      const batch = await this.repository.ordersAfter(manager, watermark, ORDERS_PER_BATCH);
      if (batch.lastId === watermark) break;
      const claimed = await this.db.transaction(async (tx) => {
        if (!(await this.repository.claim(tx, watermark, batch.lastId, now))) return false;
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
        for (const id of delta.buyerIncrements.keys()) touched.add(id);
        for (const key of delta.pairIncrements.keys()) touched.add(Number(key.split(':')[0]));
        firstPurchases += delta.firstPurchases.length;
        return true;
      });
      // Another instance moved the watermark first: it counts these orders, and the ones after.
      if (!claimed) break;
      ordersRead += batch.read;
      watermark = batch.lastId;
      progress?.(ordersRead, total);
    }
    const refreshed = await this.refreshNeighbours([...touched].sort((a, b) => a - b));
    return { ordersCounted: ordersRead, newMemberProducts: firstPurchases, productsRefreshed: refreshed };
  }

  private async refreshNeighbours(productIds: number[]): Promise<number> {
    for (let i = 0; i < productIds.length; i += PRODUCTS_PER_BATCH) {
      const chunk = productIds.slice(i, i + PRODUCTS_PER_BATCH);
      const pairs = await this.repository.pairsOf(this.db.manager, chunk);
      const buyers = await this.repository.buyersOf(this.db.manager, [
        ...new Set([...chunk, ...pairs.map((pair) => pair.otherProductId)]),
      ]);
      const rows: ProductNeighbour[] = [];
      for (const productId of chunk) {
        const own = pairs.filter((pair) => pair.productId === productId);
        for (const neighbour of topNeighbours(productId, own, (id) => buyers.get(id) ?? 0)) {
          rows.push({ productId, ...neighbour });
        }
      }
      await this.db.transaction((tx) => this.repository.replaceNeighbours(tx, chunk, rows));
    }
    return productIds.length;
  }
}
