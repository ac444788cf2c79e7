import { ExpiryMode, SpendOrder } from './points.enums';
import {
  allocate,
  amountForPoints,
  expiryDate,
  pointsForAmount,
  reversalDue,
  spendSequence,
} from './points.rules';

const at = (iso: string) => new Date(iso);

describe('points expiry dates', () => {
  const earned = at('2026-02-14T10:30:00.000Z');

  it('never expires lots under the NEVER policy', () => {
    expect(expiryDate({ expiryMode: ExpiryMode.NEVER, expiryDays: null }, earned)).toBeNull();
  });

  it('expires lots N days after they were earned', () => {
    expect(expiryDate({ expiryMode: ExpiryMode.AFTER_DAYS, expiryDays: 730 }, earned)?.toISOString()).toBe(
      '2028-02-14T10:30:00.000Z',
    );
  });

  it('expires lots at the last millisecond of the month they were earned in, leap years included', () => {
    expect(expiryDate({ expiryMode: ExpiryMode.END_OF_MONTH, expiryDays: null }, earned)?.toISOString()).toBe(
      '2026-02-28T23:59:59.999Z',
    );
    expect(
      expiryDate(
        { expiryMode: ExpiryMode.END_OF_MONTH, expiryDays: null },
        at('2028-02-01T00:00:00Z'),
      )?.toISOString(),
    ).toBe('2028-02-29T23:59:59.999Z');
  });

  it('expires lots at the end of the year they were earned in', () => {
    expect(expiryDate({ expiryMode: ExpiryMode.END_OF_YEAR, expiryDays: null }, earned)?.toISOString()).toBe(
      '2026-12-31T23:59:59.999Z',
    );
  });
});

describe('which lots a spend consumes', () => {
  const lots = [
    { id: 3, remaining: 50, earnedAt: at('2026-03-01'), expiresAt: at('2026-04-30') },
    { id: 1, remaining: 100, earnedAt: at('2026-01-01'), expiresAt: null },
    { id: 2, remaining: 30, earnedAt: at('2026-02-01'), expiresAt: at('2027-01-31') },
  ];

  it('takes the oldest earned lots first by default (FIFO)', () => {
    const ordered = spendSequence(lots, SpendOrder.OLDEST_FIRST);
    expect(ordered.map((l) => l.id)).toEqual([1, 2, 3]);
    expect(allocate(ordered, 120)).toEqual({
      allocations: [
        { lotId: 1, points: 100 },
        { lotId: 2, points: 20 },
      ],
      missing: 0,
    });
  });

  it('takes the soonest expiring lots first when configured, never-expiring ones last', () => {
    const ordered = spendSequence(lots, SpendOrder.SOONEST_EXPIRING);
    expect(ordered.map((l) => l.id)).toEqual([3, 2, 1]);
    expect(allocate(ordered, 60).allocations).toEqual([
      { lotId: 3, points: 50 },
      { lotId: 2, points: 10 },
    ]);
  });

  it('reports what it could not find when the lots do not hold enough', () => {
    expect(allocate(lots, 200).missing).toBe(20);
  });
});

describe('proportional reversal on refunds', () => {
  it('takes back everything on a full refund', () => {
    expect(reversalDue(137, 1, 0)).toBe(137);
  });

  it('takes back the refunded share, and two half refunds add up to one full refund', () => {
    const first = reversalDue(137, 0.5, 0);
    expect(first).toBe(69);
    expect(reversalDue(137, 1, first)).toBe(68);
  });

  it('takes nothing more when a refund is repeated', () => {
    expect(reversalDue(100, 0.25, 25)).toBe(0);
  });
});

describe('pay with points quotes', () => {
  it('charges 100 points per currency unit at the default rate, rounding up', () => {
    expect(pointsForAmount(1234, 100)).toBe(1234);
    expect(pointsForAmount(1001, 50)).toBe(501);
  });

  it('values points rounding down, so points never buy more than their worth', () => {
    expect(amountForPoints(501, 50)).toBe(1002);
    expect(amountForPoints(1, 3)).toBe(33);
  });
});
