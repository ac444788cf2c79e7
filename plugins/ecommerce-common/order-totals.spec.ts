import { reconcileTotals, spread } from './order-totals';

describe('mapping platform order totals onto core orders', () => {
  it('spreads an order discount over the lines so that everything adds up to the total', () => {
    const result = reconcileTotals(
      [
        { sku: 'A', quantity: 2, unitPriceMinor: 1999 },
        { sku: 'B', quantity: 1, unitPriceMinor: 1000 },
      ],
      { merchandiseMinor: 4498, taxMinor: 450, totalMinor: 5448 },
    );
    const net = result.lines.reduce((s, l) => s + l.quantity * l.unitPriceMinor - (l.discountMinor ?? 0), 0);
    expect(result.lines.map((l) => l.discountMinor)).toEqual([400, 100]);
    expect(net + result.shippingMinor + result.taxMinor).toBe(5448);
    expect(result.shippingMinor).toBe(500);
  });

  it('turns a total below lines and tax into extra discount, never negative shipping', () => {
    const result = reconcileTotals([{ sku: 'A', quantity: 1, unitPriceMinor: 1000 }], {
      merchandiseMinor: 1000,
      taxMinor: 100,
      totalMinor: 1099,
    });
    expect(result.shippingMinor).toBe(0);
    expect(result.lines[0].discountMinor).toBe(1);
  });

  it('spreads by largest remainder without exceeding any share', () => {
    expect(spread(10, [1, 1, 1])).toEqual([1, 1, 1]);
    expect(spread(2, [1, 1, 1])).toEqual([1, 1, 0]);
    expect(spread(0, [5, 5])).toEqual([0, 0]);
  });
});
