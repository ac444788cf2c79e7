import { checkTotals, lineRefundValue, planRefund } from './order.rules';

describe('order totals', () => {
  const lines = [
    { quantity: 2, unitPriceMinor: 1250, discountMinor: 0 },
    { quantity: 1, unitPriceMinor: 999, discountMinor: 99 },
  ];

  it('adds the lines after discounts, shipping and tax up to the total', () => {
    expect(checkTotals(lines, { shippingMinor: 495, taxMinor: 0, totalMinor: 3895 })).toBe(3400);
  });

  it('refuses a total that does not add up, naming the field', () => {
    expect(() => checkTotals(lines, { shippingMinor: 0, taxMinor: 0, totalMinor: 3500 })).toThrow(
      /totalMinor is 3500 but the lines after discounts \(3400\)/,
    );
  });

  it('refuses a discount larger than its line', () => {
    expect(() =>
      checkTotals([{ quantity: 1, unitPriceMinor: 100, discountMinor: 101 }], {
        shippingMinor: 0,
        taxMinor: 0,
        totalMinor: -1,
      }),
    ).toThrow(/discount is larger than the line/);
  });
});

describe('refund amounts', () => {
  const line = { lineNo: 1, quantity: 3, totalMinor: 1000, refundedQuantity: 0, refundedMinor: 0 };

  it('values units of a line so that refunding them one by one adds up to the whole line', () => {
    const first = lineRefundValue(line, 1);
    const second = lineRefundValue({ ...line, refundedQuantity: 1, refundedMinor: first }, 1);
    const third = lineRefundValue({ ...line, refundedQuantity: 2, refundedMinor: first + second }, 1);
    expect([first, second, third]).toEqual([333, 334, 333]);
    expect(first + second + third).toBe(1000);
  });

  it('plans a whole refund of everything that is left', () => {
    const plan = planRefund([{ ...line, refundedQuantity: 1, refundedMinor: 333 }], {}, 333, 1000);
    expect(plan).toEqual({ amountMinor: 667, lines: [{ lineNo: 1, quantity: 2, amountMinor: 667 }] });
  });

  it('refuses more units than are left on a line, an unknown line, or an amount above what is left', () => {
    expect(() => planRefund([line], { lines: [{ lineNo: 1, quantity: 4 }] }, 0, 1000)).toThrow(
      /3 of 3 units left/,
    );
    expect(() => planRefund([line], { lines: [{ lineNo: 2, quantity: 1 }] }, 0, 1000)).toThrow(/no line 2/);
    expect(() => planRefund([line], { amountMinor: 1001 }, 0, 1000)).toThrow(/Only 1000 of the order's 1000/);
  });

  it('refuses to refund a fully refunded order again', () => {
    expect(() => planRefund([line], {}, 1000, 1000)).toThrow(/already fully refunded/);
  });
});

describe('refunds by lines after refunds by amount', () => {
  it('caps a line refund at what is left of the order instead of refunding more than was paid', () => {
    const line = { lineNo: 1, quantity: 2, totalMinor: 1000, refundedQuantity: 0, refundedMinor: 0 };
    expect(planRefund([line], { lines: [{ lineNo: 1, quantity: 2 }] }, 600, 1000).amountMinor).toBe(400);
    expect(() => planRefund([line], { lines: [{ lineNo: 1, quantity: 1 }] }, 1000, 1000)).toThrow(
      /already fully refunded/,
    );
  });
});
