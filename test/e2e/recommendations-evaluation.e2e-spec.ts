import { DATASET_NAMES, recommendationDataset } from '../../seeds/recommendation-datasets';
import { evaluateOffline } from '../../src/modules/recommendations/offline-evaluation';

/**
 * The small version of `npm run recs:evaluate`, in memory (no database): on both generators the model
 * must rank at least as well as the tuned item-kNN and the member's own most-bought products then
 * popularity (all products), and 1.3× popularity on products new to the member, for recall@10 and
 * NDCG@10. Seeded, so a failure is a change in the model, not luck.
 */
const DAY_MS = 86_400_000;
const until = new Date('2026-06-30T21:00:00Z');

describe.each(DATASET_NAMES)('the offline evaluation on the %s generator', (name) => {
  const data = recommendationDataset(name, {
    members: 500,
    seed: 11,
    from: new Date(until.getTime() - 730 * DAY_MS),
    until,
  });
  const result = evaluateOffline({
    orders: data.orders,
    products: data.products,
    splitAt: new Date(until.getTime() - 90 * DAY_MS),
    validationDays: 60,
    budget: 'quick',
  });
  const { all, newProducts } = result;

  it.each(['recall', 'ndcg'] as const)(
    'ranks all products at least as well as every baseline by %s@10',
    (metric) => {
      expect(all.recommender[metric]).toBeGreaterThanOrEqual(all['item-kNN (tuned)'][metric]);
      expect(all.recommender[metric]).toBeGreaterThanOrEqual(all['buy again + popularity'][metric]);
      expect(all.recommender[metric]).toBeGreaterThanOrEqual(all.popularity[metric]);
    },
  );

  it.each(['recall', 'ndcg'] as const)(
    'finds products new to the member 1.3× better than popularity by %s@10',
    (metric) => {
      expect(newProducts.recommender[metric]).toBeGreaterThanOrEqual(1.3 * newProducts.popularity[metric]);
    },
  );
});
