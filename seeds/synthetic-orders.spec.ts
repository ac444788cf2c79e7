import { DEMO_BUNDLES, DEMO_PRODUCTS } from './demo-products';
import { createRandom } from './random';
import { shopperHistory, type HistoryOptions, type Shopper, type ShopperHistory } from './synthetic-orders';
import { syntheticMember } from './synthetic-members';

const UNTIL = new Date('2026-11-01T12:00:00.000Z');
const FROM = new Date(UNTIL.getTime() - 365 * 86_400_000);
const OPTIONS: HistoryOptions = {
  seed: 7,
  catalog: DEMO_PRODUCTS,
  bundles: DEMO_BUNDLES,
  from: FROM,
  until: UNTIL,
};

/** Shoppers as the demo seed makes them: synthetic members with their channel identities. */
function shoppers(count: number): Shopper[] {
  const random = createRandom(99);
  return Array.from({ length: count }, (_, i) => {
    const { member, identities } = syntheticMember(i + 1, random, UNTIL);
    return {
      id: i + 1,
      joinedAt: member.joinedAt as Date,
      closedAt: member.closedAt as Date | null,
      region: member.region as string,
      identities,
    };
  });
}

const population = shoppers(1500);
const histories = population.map((shopper) => shopperHistory(shopper, OPTIONS));
const orders = histories.flatMap((history) => history.orders);

describe('synthetic orders', () => {
  it('gives the same histories for the same seed and other ones for another seed', () => {
    const again = population.slice(0, 50).map((shopper) => shopperHistory(shopper, OPTIONS));
    expect(JSON.stringify(again)).toBe(JSON.stringify(histories.slice(0, 50)));
    const other = population.slice(0, 50).map((shopper) => shopperHistory(shopper, { ...OPTIONS, seed: 8 }));
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(histories.slice(0, 50)));
  });

  it("gives a shopper's history whatever other shoppers are generated with it", () => {
    const alone = shopperHistory(population[123], OPTIONS);
    expect(alone).toEqual(histories[123]);
  });

  it('makes about six orders a year per shopper, at most twenty, with a few lapsed shoppers', () => {
    const counts = histories.map((history) => history.orders.length);
    const mean = counts.reduce((sum, n) => sum + n, 0) / counts.length;
    expect(mean).toBeGreaterThan(4);
    expect(mean).toBeLessThan(8);
    expect(Math.max(...counts)).toBeLessThanOrEqual(20);
    expect(histories.filter((history) => history.tastes.ordersPerYear === 0).length).toBeGreaterThan(50);
  });

  it("concentrates each shopper's items on their preferred categories", () => {
    const categoryOf = new Map(DEMO_PRODUCTS.map((product) => [product.sku, product.category]));
    const categories = new Set(DEMO_PRODUCTS.map((product) => product.category)).size;
    let share = 0;
    let chance = 0;
    const buyers = histories.filter((history) => history.orders.length >= 3);
    for (const { tastes, orders: own } of buyers) {
      const lines = own.flatMap((order) => order.lines);
      const preferred = lines.filter((line) =>
        tastes.preferredCategories.includes(categoryOf.get(line.sku)!),
      );
      share += preferred.length / lines.length;
      chance += tastes.preferredCategories.length / categories;
    }
    // Bundles and favourites add a little outside them; chance alone would give about 28%.
    expect(share / buyers.length).toBeGreaterThan(0.7);
    expect(chance / buyers.length).toBeLessThan(0.35);
  });

  it('puts the products of a bundle in the same basket far more often than chance', () => {
    const baskets = orders.map((order) => new Set(order.lines.map((line) => line.sku)));
    const share = (test: (basket: Set<string>) => boolean) => baskets.filter(test).length / baskets.length;
    for (const { skus } of DEMO_BUNDLES.filter((bundle) => bundle.probability >= 0.45)) {
      const [a, b] = skus;
      const both = share((basket) => basket.has(a) && basket.has(b));
      const lift = both / (share((basket) => basket.has(a)) * share((basket) => basket.has(b)));
      expect({ skus, lift: lift > 3 }).toEqual({ skus, lift: true });
    }
  });

  it('lets budget shoppers pay less per item than premium shoppers', () => {
    const meanPrice = (level: string) => {
      const lines = histories
        .filter((history) => history.tastes.priceLevel === level)
        .flatMap((history) => history.orders.flatMap((order) => order.lines));
      return lines.reduce((sum, line) => sum + line.unitPriceMinor, 0) / lines.length;
    };
    expect(meanPrice('budget')).toBeLessThan(meanPrice('premium') * 0.8);
  });

  it("orders through the shopper's own channel identities, with a store id on POS orders only", () => {
    for (const [index, history] of histories.entries()) {
      const shopper = population[index];
      for (const order of history.orders) {
        expect(shopper.identities).toContainEqual(order.identity);
        expect(order.channel).toBe(order.identity.channel);
        expect(order.storeId === null).toBe(order.channel !== 'pos');
      }
    }
    expect(orders.some((order) => order.storeId === 'berlin-1')).toBe(true);
  });

  it('keeps orders in time order, inside the membership and the history window, with consistent totals', () => {
    for (const [index, { orders: own }] of histories.entries()) {
      const shopper = population[index];
      const start = Math.max(FROM.getTime(), shopper.joinedAt.getTime());
      const end = Math.min(UNTIL.getTime(), shopper.closedAt?.getTime() ?? Infinity);
      let previous = 0;
      for (const order of own) {
        const at = order.purchasedAt.getTime();
        expect(at >= start && at <= end && at >= previous).toBe(true);
        previous = at;
        const merchandise = order.lines.reduce(
          (sum, line) => sum + line.quantity * line.unitPriceMinor - line.discountMinor,
          0,
        );
        expect(order.merchandiseMinor).toBe(merchandise);
        expect(order.totalMinor).toBe(merchandise + order.shippingMinor + order.taxMinor);
        expect(new Set(order.lines.map((line) => line.sku)).size).toBe(order.lines.length);
      }
    }
  });

  it('gives every order a unique external id and refunds, reviews and surveys to a few', () => {
    expect(new Set(orders.map((order) => order.externalOrderId)).size).toBe(orders.length);
    const refunded = orders.filter((order) => order.refund !== null);
    expect(refunded.length / orders.length).toBeGreaterThan(0.01);
    expect(refunded.length / orders.length).toBeLessThan(0.05);
    for (const order of refunded) {
      expect(order.refund!.at.getTime()).toBeGreaterThanOrEqual(order.purchasedAt.getTime());
      for (const line of order.refund!.lines ?? [])
        expect(line.lineNo).toBeLessThanOrEqual(order.lines.length);
    }
    expect(orders.filter((order) => order.reviewedAt !== null).length).toBeGreaterThan(orders.length * 0.04);
    const surveyed = histories.filter((history: ShopperHistory) => history.surveyAt !== null);
    expect(surveyed.every((history) => history.orders.length > 0)).toBe(true);
    expect(surveyed.length).toBeGreaterThan(100);
  });
});
