import {
  compareAffordable,
  couponValidUntil,
  isFulfilmentStepForward,
  isOffered,
  isTierEligible,
} from './reward-availability.rules';
import type { Reward } from './reward.entity';
import { FulfilmentStatus } from './reward.enums';

const now = new Date('2026-06-15T12:00:00Z');
const reward = (fields: Partial<Reward>) =>
  ({ id: 1, minimumTierCode: null, pointsPrice: 100, ...fields }) as Reward;

describe('reward availability rules', () => {
  it('offers an active reward inside its window, open ends included', () => {
    expect(isOffered({ active: true, validFrom: null, validUntil: null }, now)).toBe(true);
    expect(isOffered({ active: false, validFrom: null, validUntil: null }, now)).toBe(false);
    expect(isOffered({ active: true, validFrom: new Date('2026-07-01'), validUntil: null }, now)).toBe(false);
    expect(isOffered({ active: true, validFrom: null, validUntil: now }, now)).toBe(false);
  });

  it('lets a member redeem from the required tier up, and nobody when the tier is unknown', () => {
    expect(isTierEligible(null, 0, null)).toBe(true);
    expect(isTierEligible('GOLD', 2, 2)).toBe(true);
    expect(isTierEligible('GOLD', 1, 2)).toBe(false);
    expect(isTierEligible('GONE', 9, null)).toBe(false);
  });

  it('lists tier-exclusive rewards first, then the cheapest', () => {
    const sorted = [
      reward({ id: 1, pointsPrice: 500 }),
      reward({ id: 2, pointsPrice: 900, minimumTierCode: 'GOLD' }),
      reward({ id: 3, pointsPrice: 100 }),
    ].sort(compareAffordable);
    expect(sorted.map((r) => r.id)).toEqual([2, 3, 1]);
  });

  it('ends a coupon after its validity days, but never after its reward', () => {
    expect(couponValidUntil({ couponValidityDays: null, validUntil: null }, now)).toBeNull();
    expect(couponValidUntil({ couponValidityDays: 2, validUntil: null }, now)).toEqual(
      new Date('2026-06-17T12:00:00Z'),
    );
    const end = new Date('2026-06-16T00:00:00Z');
    expect(couponValidUntil({ couponValidityDays: 2, validUntil: end }, now)).toEqual(end);
  });

  it('moves a gift forward only', () => {
    expect(isFulfilmentStepForward(FulfilmentStatus.PENDING, FulfilmentStatus.SHIPPED)).toBe(true);
    expect(isFulfilmentStepForward(FulfilmentStatus.PENDING, FulfilmentStatus.DELIVERED)).toBe(true);
    expect(isFulfilmentStepForward(FulfilmentStatus.DELIVERED, FulfilmentStatus.SHIPPED)).toBe(false);
  });
});
