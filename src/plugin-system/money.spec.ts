import { decimalToMinor } from './money';

describe('decimal money to minor units', () => {
  it('converts decimal strings by the currency digits without floating point', () => {
    expect(decimalToMinor('404.95', 'EUR')).toBe(40495);
    expect(decimalToMinor('0.10', 'USD')).toBe(10);
    expect(decimalToMinor('19.9', 'EUR')).toBe(1990);
    expect(decimalToMinor('1500', 'JPY')).toBe(1500);
    expect(decimalToMinor('1.234', 'KWD')).toBe(1234);
    expect(decimalToMinor('12.00', 'JPY')).toBe(12);
  });

  it('converts numbers (refund subtotals) by the same rule', () => {
    expect(decimalToMinor(199.98, 'USD')).toBe(19998);
    expect(decimalToMinor(0.1 + 0.2, 'USD')).toBe(30);
  });

  it('refuses what is not an amount or has more decimals than the currency', () => {
    expect(() => decimalToMinor('12,50', 'EUR')).toThrow('not a decimal amount');
    expect(() => decimalToMinor('1.005', 'EUR')).toThrow('more decimals');
    expect(() => decimalToMinor('1', 'XXXX')).toThrow('ISO 4217');
  });
});
