import type { FieldProblem } from '../../common/errors';
import { DiscountKind, RewardType } from './reward.enums';

/** The fields whose combination must make sense, after an update is applied to the stored reward. */
export interface RewardDefinition {
  type: RewardType;
  validFrom: Date | null;
  validUntil: Date | null;
  discountKind: DiscountKind | null;
  discountValue: number | null;
  discountCurrency: string | null;
  partnerName: string | null;
  couponValidityDays: number | null;
  birthdayGift: boolean;
  memberDayBenefit: boolean;
}

const ISSUES_COUPON = new Set([RewardType.COUPON, RewardType.DISCOUNT, RewardType.PARTNER_VOUCHER]);
const HAS_DISCOUNT = new Set([RewardType.COUPON, RewardType.DISCOUNT]);

export function issuesCoupon(type: RewardType): boolean {
  return ISSUES_COUPON.has(type);
}

/**
 * Rules across fields (single-field ranges are on the input classes): the window is ordered, a
 * COUPON/DISCOUNT says what it takes off, an AMOUNT names its currency, only a PARTNER_VOUCHER names a
 * partner, and a GIFT issues no coupon so it has no coupon validity.
 */
export function validateRewardDefinition(reward: RewardDefinition): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, messages: [message] });

  if (reward.validFrom && reward.validUntil && reward.validFrom >= reward.validUntil) {
    add('validUntil', 'validUntil must be after validFrom');
  }
  if (HAS_DISCOUNT.has(reward.type)) {
    if (reward.discountKind === null) add('discountKind', `a ${reward.type} reward needs a discountKind`);
    if (reward.discountValue === null) add('discountValue', `a ${reward.type} reward needs a discountValue`);
    if (reward.discountKind === DiscountKind.PERCENT) {
      if (reward.discountValue !== null && reward.discountValue > 100) {
        add('discountValue', 'a PERCENT discount is at most 100');
      }
      if (reward.discountCurrency !== null) add('discountCurrency', 'a PERCENT discount has no currency');
    }
    if (reward.discountKind === DiscountKind.AMOUNT && reward.discountCurrency === null) {
      add('discountCurrency', 'an AMOUNT discount needs its currency');
    }
  } else {
    for (const field of ['discountKind', 'discountValue', 'discountCurrency'] as const) {
      if (reward[field] !== null) add(field, `a ${reward.type} reward has no ${field}`);
    }
  }
  if (reward.type === RewardType.PARTNER_VOUCHER && !reward.partnerName) {
    add('partnerName', 'a PARTNER_VOUCHER reward needs a partnerName');
  }
  if (reward.type !== RewardType.PARTNER_VOUCHER && reward.partnerName !== null) {
    add('partnerName', 'only a PARTNER_VOUCHER reward has a partnerName');
  }
  if (!issuesCoupon(reward.type) && reward.couponValidityDays !== null) {
    add('couponValidityDays', 'a GIFT issues no coupon, so it has no couponValidityDays');
  }
  // The benefit jobs hand out coupons; a parcel needs an address and a fulfilment flow they do not run.
  if (!issuesCoupon(reward.type)) {
    if (reward.birthdayGift) add('birthdayGift', 'benefits are issued as coupons: a GIFT cannot be one');
    if (reward.memberDayBenefit)
      add('memberDayBenefit', 'benefits are issued as coupons: a GIFT cannot be one');
  }
  return problems;
}
