import type { Database } from '../src/data/database';
import { DEMO_BUNDLES, DEMO_PRODUCTS, seedProducts } from './demo-products';
import { insertMembers, nextMemberId } from './member-batch-writer';
import { insertOrders, productIndex, type ProductIndex } from './order-batch-writer';
import { createRandom } from './random';
import { syntheticMember } from './synthetic-members';
import { shopperHistory } from './synthetic-orders';
import { clock } from '../src/common/clock';

export interface GenerateOptions {
  count: number;
  /** PRNG seed: the same seed, count and starting id give the same rows. */
  seed: number;
  /** Members per transaction. */
  batchSize: number;
  /**
   * About this many orders per member on average over the last year (default 0: none), written by
   * the fast path: orders without points, for insight and recommendation benchmarks. The demo
   * products are added first when the catalog lacks them.
   */
  ordersPerMember?: number;
  /** Called after each committed batch. */
  onBatch?: (progress: { members: number; identities: number; orders: number }) => void;
  /** Checked between batches; returning true stops after the batch in flight (already committed ones stay). */
  shouldStop?: () => boolean;
}

export interface GenerateResult {
  members: number;
  identities: number;
  orders: number;
  orderLines: number;
  firstId: number | null;
  lastId: number | null;
}

/**
 * Inserts `count` synthetic members with their channel identities, one transaction per batch. Each
 * transaction asks for the next free id itself, so a server registering members meanwhile is no problem.
 */
export async function generateMembers(db: Database, options: GenerateOptions): Promise<GenerateResult> {
  const random = createRandom(options.seed);
  const now = clock.now();
  const result: GenerateResult = {
    members: 0,
    identities: 0,
    orders: 0,
    orderLines: 0,
    firstId: null,
    lastId: null,
  };
  const ordersPerMember = options.ordersPerMember ?? 0;
  let products: ProductIndex | null = null;
  if (ordersPerMember > 0) {
    await db.transaction((manager) => seedProducts(manager));
    products = await productIndex(db.manager);
  }
  while (result.members < options.count && !options.shouldStop?.()) {
    const size = Math.min(options.batchSize, options.count - result.members);
    const batch = await db.transaction(async (manager) => {
      const first = await nextMemberId(manager);
      const items = Array.from({ length: size }, (_, i) => syntheticMember(first + i, random, now));
      await insertMembers(manager, db.kind, items);
      let orders = 0;
      let lines = 0;
      if (products) {
        const histories = items.flatMap(
          (item) =>
            shopperHistory(
              {
                id: item.member.id as number,
                joinedAt: item.member.joinedAt as Date,
                closedAt: item.member.closedAt as Date | null,
                region: item.member.region as string,
                identities: item.identities,
              },
              {
                seed: options.seed,
                catalog: DEMO_PRODUCTS,
                bundles: DEMO_BUNDLES,
                from: new Date(now.getTime() - 365 * 86_400_000),
                until: now,
                // Shoppers' cadence is log-normal with a tenth lapsed: its median is close to the mean asked for.
                medianOrdersPerYear: ordersPerMember,
                maxOrders: Math.max(20, ordersPerMember * 4),
                externalIdPrefix: 'gen',
              },
            ).orders,
        );
        orders = histories.length;
        lines = await insertOrders(manager, db.kind, histories, products);
      }
      return { items, orders, lines };
    });
    result.firstId ??= batch.items[0].member.id as number;
    result.lastId = batch.items[batch.items.length - 1].member.id as number;
    result.members += batch.items.length;
    result.identities += batch.items.reduce((sum, item) => sum + item.identities.length, 0);
    result.orders += batch.orders;
    result.orderLines += batch.lines;
    options.onBatch?.({ members: result.members, identities: result.identities, orders: result.orders });
    // better-sqlite3 is synchronous: without this the loop never reaches timers or signals (Ctrl-C).
    await new Promise((resolve) => setImmediate(resolve));
  }
  return result;
}
