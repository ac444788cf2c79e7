import { pointsFor } from './stripe-points.handlers';
import { stripeCurrencyDigits } from './stripe-currency';

describe('Stripe amounts in their currency', () => {
  it('reads HUF in hundredths as Stripe sends it, although ICU gives HUF no decimals', () => {
    expect(stripeCurrencyDigits('huf')).toBe(2);
    // 1,000.00 HUF at 2 points per unit is 2,000 points, not 200,000.
    expect(pointsFor(100_000, 'huf', 2)).toBe(2_000);
  });

  it('reads JPY as a zero-decimal currency and KWD with three decimals', () => {
    expect(stripeCurrencyDigits('jpy')).toBe(0);
    expect(pointsFor(1_000, 'jpy', 2)).toBe(2_000);
    expect(stripeCurrencyDigits('KWD')).toBe(3);
    expect(pointsFor(12_345, 'kwd', 1)).toBe(12);
  });

  it('gives every other currency two decimals', () => {
    expect(stripeCurrencyDigits('eur')).toBe(2);
    expect(stripeCurrencyDigits('ISK')).toBe(2);
    expect(pointsFor(12_345, 'eur', 2)).toBe(246);
  });
});
