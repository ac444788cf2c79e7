import { assertBlocks, assertWithinCaps, convert, valueOf } from './partner-exchange.rules';
import type { PartnerAgreement } from './partner-exchange.options';

const agreement = {
  name: 'Sky Air',
  minimumPoints: 1000,
  stepPoints: 1000,
  dailyCapPoints: 5000,
  yearlyCapPoints: 20000,
} as PartnerAgreement;

describe('partner exchange rules', () => {
  it('converts at the rate with the bonus, rounding down once', () => {
    expect(convert(1000, 0.5, 10)).toBe(550);
    expect(convert(3, 0.1)).toBe(0);
    expect(convert(1000, 0.3)).toBe(300);
    expect(convert(999, 1.5)).toBe(1498);
  });

  it('refuses less than the minimum and anything but whole blocks', () => {
    expect(() => assertBlocks(agreement, 500, 'points')).toThrow('At least 1000');
    expect(() => assertBlocks(agreement, 1500, 'points')).toThrow('blocks of 1000');
    expect(() => assertBlocks(agreement, 2000, 'points')).not.toThrow();
  });

  it('refuses beyond the daily and the yearly cap with LIMIT_REACHED', () => {
    expect(() => assertWithinCaps(agreement, { today: 5001, thisYear: 5001 })).toThrow('Daily limit');
    expect(() => assertWithinCaps(agreement, { today: 1000, thisYear: 20001 })).toThrow('Yearly limit');
    expect(() => assertWithinCaps(agreement, { today: 5000, thisYear: 20000 })).not.toThrow();
  });

  it('values points at a price per thousand', () => {
    expect(valueOf(2500, 1200)).toBe(3000);
  });
});
