import 'reflect-metadata';
import { DATASET_NAMES, recommendationDataset, type DatasetName } from '../../seeds/recommendation-datasets';
import { evaluateOffline, MODELS, type Metrics } from '../modules/recommendations';

const DAY_MS = 86_400_000;

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

function datasets(): DatasetName[] {
  const index = process.argv.indexOf('--generator');
  if (index < 0) return [...DATASET_NAMES];
  const name = process.argv[index + 1] as DatasetName;
  if (!DATASET_NAMES.includes(name))
    throw new Error(`--generator must be one of ${DATASET_NAMES.join(', ')}`);
  return [name];
}

/**
 * `npm run recs:evaluate [-- --members 3000 --seed 7 --test-days 90 --validation-days 60 --generator latent]`:
 * on each generator (seeds/recommendation-datasets.ts), two years of synthetic orders split by time;
 * the model and a tuned item-kNN choose their parameters on a validation window cut from the end of
 * the training part, then every model is scored at k = 10 on all products and on products new to the
 * member. Pure computation in memory: no database is touched.
 */
function main(): void {
  const members = option('members', 3000);
  const seed = option('seed', 7);
  const testDays = option('test-days', 90);
  const validationDays = option('validation-days', 60);
  const until = new Date('2026-06-30T21:00:00Z');
  const from = new Date(until.getTime() - 730 * DAY_MS);
  const splitAt = new Date(until.getTime() - testDays * DAY_MS);
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const row = (label: string, model: string, m: Metrics) =>
    `| ${label.padEnd(22)} | ${model.padEnd(22)} | ${[m.precision, m.recall, m.hitRate, m.ndcg]
      .map((v) => v.toFixed(3).padStart(12))
      .join(' | ')} |`;
  for (const name of datasets()) {
    const started = performance.now();
    const data = recommendationDataset(name, { members, seed, from, until });
    const result = evaluateOffline({ orders: data.orders, products: data.products, splitAt, validationDays });
    console.log(`\n## ${name}: ${data.description}`);
    console.log(
      `${members} shoppers (seed ${seed}), orders ${day(from)}..${day(until)}, split at ${day(splitAt)} ` +
        `(validation: the ${validationDays} days before): ${result.trainOrders} orders to learn from, ${result.testOrders} to predict\n`,
    );
    console.log(
      `| ${'products (members)'.padEnd(22)} | ${'model'.padEnd(22)} | ${[
        'precision@10',
        'recall@10',
        'hit rate@10',
        'NDCG@10',
      ]
        .map((h) => h.padStart(12))
        .join(' | ')} |`,
    );
    console.log(`| ${'-'.repeat(22)} | ${'-'.repeat(22)} | ${Array(4).fill('-'.repeat(12)).join(' | ')} |`);
    MODELS.forEach((model, i) =>
      console.log(row(i ? '' : `all (${result.all.recommender.members})`, model, result.all[model])),
    );
    MODELS.forEach((model, i) =>
      console.log(
        row(
          i ? '' : `new to member (${result.newProducts.recommender.members})`,
          model,
          result.newProducts[model],
        ),
      ),
    );
    const ratio = (a: number, b: number) => `${(a / Math.max(b, 1e-9)).toFixed(2)}×`;
    const all = result.all;
    const fresh = result.newProducts;
    console.log(
      `\nrecall@10 / NDCG@10, model vs item-kNN: ${ratio(all.recommender.recall, all['item-kNN (tuned)'].recall)} / ` +
        `${ratio(all.recommender.ndcg, all['item-kNN (tuned)'].ndcg)}; vs buy again + popularity: ` +
        `${ratio(all.recommender.recall, all['buy again + popularity'].recall)} / ${ratio(all.recommender.ndcg, all['buy again + popularity'].ndcg)}; ` +
        `new to member vs popularity: ${ratio(fresh.recommender.recall, fresh.popularity.recall)} / ${ratio(fresh.recommender.ndcg, fresh.popularity.ndcg)}`,
    );
    console.log(`tuned on the validation window: ${JSON.stringify(result.tuned)}`);
    console.log(`(${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
}

main();
