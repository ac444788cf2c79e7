import type { CouponPayload, RedemptionPayload } from '../activity';
import type { Coupon } from './coupon.entity';
import type { RewardRedemption } from './reward-redemption.entity';
import type { Reward } from './reward.entity';

/** What audit entries and activity payloads record: plain JSON, dates as ISO strings, ids as strings. */
export function rewardSnapshot(reward: Reward): Record<string, unknown> {
  return {
    id: String(reward.id),
    code: reward.code,
    name: reward.name,
    description: reward.description,
    type: reward.type,
    pointsPrice: reward.pointsPrice,
    stock: reward.stock,
    validFrom: reward.validFrom?.toISOString() ?? null,
    validUntil: reward.validUntil?.toISOString() ?? null,
    perMemberLimit: reward.perMemberLimit,
    globalLimit: reward.globalLimit,
    redeemedCount: reward.redeemedCount,
    minimumTierCode: reward.minimumTierCode,
    discountKind: reward.discountKind,
    discountValue: reward.discountValue,
    discountCurrency: reward.discountCurrency,
    couponValidityDays: reward.couponValidityDays,
    partnerName: reward.partnerName,
    birthdayGift: Boolean(reward.birthdayGift),
    memberDayBenefit: Boolean(reward.memberDayBenefit),
    active: Boolean(reward.active),
  };
}

/** A redemption with its reward's stock and its coupon, as they are after the change. */
export function redemptionSnapshot(
  redemption: RewardRedemption,
  reward: Reward,
  coupon: Coupon | null,
): RedemptionPayload {
  return {
    redemptionId: String(redemption.id),
    memberId: String(redemption.memberId),
    rewardId: String(reward.id),
    rewardCode: reward.code,
    rewardType: reward.type,
    pointsSpent: redemption.pointsSpent,
    status: redemption.status,
    fulfilmentStatus: redemption.fulfilmentStatus,
    ledgerEntryId: redemption.ledgerEntryId === null ? null : String(redemption.ledgerEntryId),
    stockAfter: reward.stock,
    redeemedCountAfter: reward.redeemedCount,
    coupon: coupon && couponSnapshot(coupon),
  };
}

/** The code is left out: it is a bearer token, and activity rows are read by support and plugins. */
export function couponSnapshot(coupon: Coupon): CouponPayload {
  return {
    couponId: String(coupon.id),
    rewardId: String(coupon.rewardId),
    memberId: String(coupon.memberId),
    source: coupon.source,
    status: coupon.status,
    validUntil: coupon.validUntil?.toISOString() ?? null,
    usedAt: coupon.usedAt?.toISOString() ?? null,
  };
}
