import 'reflect-metadata';
import { DEMO_BUNDLES, DEMO_PRODUCTS } from '../../seeds/demo-products';
import { createRandom } from '../../seeds/random';
import { syntheticMember } from '../../seeds/synthetic-members';
import { shopperHistory } from '../../seeds/synthetic-orders';
import { evaluateOffline, type Metrics } from '../modules/recommendations/offline-evaluation';

const DAY_MS = 86_400_000;

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

/**
 * `npm run recs:evaluate [-- --members 3000 --seed 7 --test-days 90]`: synthetic shoppers with latent
 * tastes and bundles (seeds/synthetic-orders.ts) over two years, split by time, the recommender
 * against the popularity baseline at k = 10. Pure computation in memory: no database is touched.
 */
function main(): void {
  const members = option('members', 3000);
  const seed = option('seed', 7);
  const testDays = option('test-days', 90);
  const until = new Date('2026-06-30T21:00:00Z');
  const from = new Date(until.getTime() - 730 * DAY_MS);
  const splitAt = new Date(until.getTime() - testDays * DAY_MS);
  const catalog = DEMO_PRODUCTS.map((product, index) => ({ ...product, id: index + 1 }));
  const idOf = new Map(catalog.map((product) => [product.sku, product.id]));

  const orders = [];
  for (let id = 1; id <= members; id++) {
    const { member, identities } = syntheticMember(id, createRandom(seed * 1_000_003 + id), until);
    const history = shopperHistory(
      {
        id,
        joinedAt: member.joinedAt as Date,
        closedAt: member.closedAt as Date | null,
        region: member.region as string,
        identities,
      },
      { seed, catalog, bundles: DEMO_BUNDLES, from, until },
    );
    for (const order of history.orders) {
      if (order.refund?.kind === 'CANCELLATION') continue;
      orders.push({
        memberId: id,
        at: order.purchasedAt,
        productIds: order.lines.map((l) => idOf.get(l.sku)!),
      });
    }
  }
  const result = evaluateOffline({
    orders,
    products: catalog.map((p) => ({
      id: p.id,
      title: p.title,
      category: p.category,
      attributes: p.attributes,
      sustainable: p.sustainable,
      active: true,
    })),
    splitAt,
  });

  const day = (d: Date) => d.toISOString().slice(0, 10);
  console.log(
    `Synthetic shoppers: ${members} (seed ${seed}), ${catalog.length} products, orders ${day(from)}..${day(until)}`,
  );
  console.log(
    `Time split at ${day(splitAt)}: ${result.trainOrders} orders to learn from, ${result.testOrders} to predict\n`,
  );
  const row = (label: string, model: string, m: Metrics) =>
    `${label.padEnd(14)}${model.padEnd(13)}${[m.precision, m.recall, m.hitRate, m.ndcg]
      .map((v) => v.toFixed(4).padStart(14))
      .join('')}${String(m.members).padStart(10)}`;
  console.log(
    `${'products'.padEnd(14)}${'model'.padEnd(13)}${['precision@10', 'recall@10', 'hit rate@10', 'NDCG@10']
      .map((h) => h.padStart(14))
      .join('')}${'members'.padStart(10)}`,
  );
  console.log(row('all bought', 'recommender', result.all.recommender));
  console.log(row('', 'popularity', result.all.popularity));
  console.log(row('never bought', 'recommender', result.newProducts.recommender));
  console.log(row('', 'popularity', result.newProducts.popularity));
  const lift = (a: Metrics, b: Metrics) => `${((a.recall / Math.max(b.recall, 1e-9) - 1) * 100).toFixed(0)}%`;
  console.log(
    `\nrecall@10 lift over popularity: ${lift(result.all.recommender, result.all.popularity)} (all bought), ${lift(
      result.newProducts.recommender,
      result.newProducts.popularity,
    )} (never bought)`,
  );
}

main();
