import { registerEnumType } from 'type-graphql';

/** What a member gets for the points. */
export enum RewardType {
  /** A coupon code for a later purchase. */
  COUPON = 'COUPON',
  /** A discount applied at checkout through a code. */
  DISCOUNT = 'DISCOUNT',
  /** Physical goods, shipped: the redemption carries a fulfilment status. */
  GIFT = 'GIFT',
  /** A voucher to use at a partner (a coffee chain, an airline...). */
  PARTNER_VOUCHER = 'PARTNER_VOUCHER',
}

export enum DiscountKind {
  PERCENT = 'PERCENT',
  /** A fixed amount in minor units of `discountCurrency`. */
  AMOUNT = 'AMOUNT',
}

export enum RedemptionStatus {
  REDEEMED = 'REDEEMED',
  CANCELLED = 'CANCELLED',
}

/** Where a physical gift is; forward only. */
export enum FulfilmentStatus {
  PENDING = 'PENDING',
  SHIPPED = 'SHIPPED',
  DELIVERED = 'DELIVERED',
}

export enum CouponSource {
  REDEMPTION = 'REDEMPTION',
  BIRTHDAY = 'BIRTHDAY',
  MEMBER_DAY = 'MEMBER_DAY',
}

export enum CouponStatus {
  ISSUED = 'ISSUED',
  USED = 'USED',
  EXPIRED = 'EXPIRED',
  CANCELLED = 'CANCELLED',
  /** Withdrawn by support (voided alone, or the old code of a re-issue); never usable again. */
  VOID = 'VOID',
}

/** A benefit the jobs grant once per member and period. */
export enum BenefitKind {
  BIRTHDAY = 'BIRTHDAY',
  MEMBER_DAY = 'MEMBER_DAY',
}

export enum ReferralStatus {
  /** Applied; waiting for the referee's first order. */
  PENDING = 'PENDING',
  REWARDED = 'REWARDED',
}

registerEnumType(RewardType, { name: 'RewardType' });
registerEnumType(DiscountKind, { name: 'DiscountKind' });
registerEnumType(RedemptionStatus, { name: 'RedemptionStatus' });
registerEnumType(FulfilmentStatus, { name: 'FulfilmentStatus', description: 'Shipping state of a gift' });
registerEnumType(CouponSource, { name: 'CouponSource', description: 'Why a coupon was issued' });
registerEnumType(CouponStatus, { name: 'CouponStatus' });
registerEnumType(ReferralStatus, { name: 'ReferralStatus' });
