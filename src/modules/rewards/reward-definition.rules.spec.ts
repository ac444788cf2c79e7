import { demoRewards } from '../../../seeds/demo-rewards';
import { validateRewardDefinition, type RewardDefinition } from './reward-definition.rules';
import { DiscountKind, RewardType } from './reward.enums';

const base: RewardDefinition = {
  type: RewardType.GIFT,
  validFrom: null,
  validUntil: null,
  discountKind: null,
  discountValue: null,
  discountCurrency: null,
  partnerName: null,
  couponValidityDays: null,
  birthdayGift: false,
  memberDayBenefit: false,
};

const fields = (reward: Partial<RewardDefinition>) =>
  validateRewardDefinition({ ...base, ...reward }).map((problem) => problem.field);

describe('reward definition rules', () => {
  it('accepts a plain gift', () => {
    expect(fields({})).toEqual([]);
  });

  it('refuses a window that ends before it starts', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    expect(fields({ validFrom: at, validUntil: at })).toEqual(['validUntil']);
  });

  it('asks a coupon what it takes off', () => {
    expect(fields({ type: RewardType.COUPON })).toEqual(['discountKind', 'discountValue']);
  });

  it('caps a percent discount at 100 and gives it no currency', () => {
    expect(
      fields({
        type: RewardType.DISCOUNT,
        discountKind: DiscountKind.PERCENT,
        discountValue: 101,
        discountCurrency: 'EUR',
      }),
    ).toEqual(['discountValue', 'discountCurrency']);
  });

  it('asks an amount discount for its currency', () => {
    expect(
      fields({ type: RewardType.COUPON, discountKind: DiscountKind.AMOUNT, discountValue: 500 }),
    ).toEqual(['discountCurrency']);
  });

  it('refuses discount fields on a gift and a partner voucher', () => {
    expect(fields({ discountValue: 5 })).toEqual(['discountValue']);
    expect(
      fields({ type: RewardType.PARTNER_VOUCHER, partnerName: 'Cafe', discountKind: DiscountKind.PERCENT }),
    ).toEqual(['discountKind']);
  });

  it('wants a partner name on a partner voucher and nowhere else', () => {
    expect(fields({ type: RewardType.PARTNER_VOUCHER })).toEqual(['partnerName']);
    expect(fields({ partnerName: 'Cafe' })).toEqual(['partnerName']);
  });

  it('refuses a gift as a benefit or with a coupon validity', () => {
    expect(fields({ birthdayGift: true, memberDayBenefit: true, couponValidityDays: 5 })).toEqual([
      'couponValidityDays',
      'birthdayGift',
      'memberDayBenefit',
    ]);
  });

  it('accepts every demo reward', () => {
    for (const reward of demoRewards(new Date())) {
      expect({ code: reward.code, problems: validateRewardDefinition({ ...base, ...reward }) }).toEqual({
        code: reward.code,
        problems: [],
      });
    }
  });
});
