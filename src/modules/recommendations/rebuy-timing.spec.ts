import { rebuyScore } from './rebuy-timing';

const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000);
const params = { horizonDays: 14, dueExponent: 1 };

describe('re-buy timing', () => {
  // Coffee: most buyers come back about every 30 days. A phone: nobody bought a second one.
  const coffee = { buyers: 100, repeatBuyers: 70, repeatPurchases: 300, repeatDaysSum: 9000 };
  const phone = { buyers: 100, repeatBuyers: 0, repeatPurchases: 0, repeatDaysSum: 0 };

  it('scores a consumable higher as it comes due, and lower once long overdue (given up)', () => {
    const item = { purchases: 4, firstPurchasedAt: day(0), lastPurchasedAt: day(90) };
    const justBought = rebuyScore(item, coffee, day(91), params);
    const due = rebuyScore(item, coffee, day(118), params);
    const givenUp = rebuyScore(item, coffee, day(300), params);
    expect(due).toBeGreaterThan(justBought);
    expect(due).toBeGreaterThan(givenUp);
  });

  it('does not bring a durable good back soon after its purchase', () => {
    const item = { purchases: 1, firstPurchasedAt: day(0), lastPurchasedAt: day(0) };
    expect(rebuyScore(item, phone, day(30), params)).toBe(0);
    expect(rebuyScore(item, coffee, day(30), params)).toBeGreaterThan(0.5);
  });
});
