import type { Neighbour } from './co-purchase.model';
import { evaluateOffline } from './offline-evaluation';
import { DEFAULT_PARAMS } from './model-params';
import { rankProducts, ReasonKind, type CandidateProduct } from './product-ranking';

const product = (id: number, category: string, buyers: number): CandidateProduct => ({
  id,
  title: `Product ${id}`,
  category,
  attributes: {},
  sustainable: false,
  active: true,
  buyers,
});

describe('product ranking', () => {
  // The member bought 1 (coffee); 2 is bought with it; 3 (tea) was never bought by anyone.
  const products = new Map([
    [1, product(1, 'coffee', 4)],
    [2, product(2, 'coffee', 3)],
    [3, product(3, 'tea', 0)],
  ]);
  const neighbours = new Map<number, Neighbour[]>([[1, [{ neighbourId: 2, score: 0.8, coBuyers: 2 }]]]);

  it('leaves out a product nothing speaks for: no buyers, no co-buyers, outside the member categories', () => {
    for (const excludePurchased of [false, true]) {
      const ranked = rankProducts({
        history: [
          {
            productId: 1,
            purchases: 2,
            firstPurchasedAt: new Date('2026-01-01T00:00:00Z'),
            lastPurchasedAt: new Date('2026-01-20T00:00:00Z'),
          },
        ],
        now: new Date('2026-02-01T00:00:00Z'),
        params: DEFAULT_PARAMS,
        neighbours,
        products,
        dismissed: new Set(),
        options: { first: 10, excludePurchased, favourSustainable: false },
      });
      expect(ranked.map((item) => item.productId)).not.toContain(3);
      expect(ranked.find((item) => item.productId === 2)?.reason).toMatchObject({
        kind: ReasonKind.BOUGHT_WITH,
        relatedProductId: 1,
      });
    }
  });

  it('evaluates offline a catalog with a product nobody bought before the split', () => {
    const at = (day: number) => new Date(Date.UTC(2026, 0, day));
    const result = evaluateOffline({
      orders: [
        { memberId: 1, at: at(1), productIds: [1, 2] },
        { memberId: 2, at: at(2), productIds: [1, 2] },
        { memberId: 1, at: at(20), productIds: [3] },
        { memberId: 2, at: at(21), productIds: [2] },
      ],
      products: [...products.values()].map(({ buyers: _buyers, ...rest }) => rest),
      splitAt: at(10),
      validationDays: 5,
      k: 3,
      budget: 'quick',
    });
    expect(result.all.recommender.members).toBe(2);
    expect(result.newProducts.recommender.members).toBe(1);
    expect(result.newProducts['item-kNN (tuned)'].members).toBe(1);
  });
});
