import type { EntityManager } from 'typeorm';
import { generateCouponCode } from './codes';
import type { Coupon } from './coupon.entity';
import { couponValidUntil } from './reward-availability.rules';
import type { Reward } from './reward.entity';
import { CouponStatus, type CouponSource } from './reward.enums';
import type { RewardsRepository } from './rewards.repository';

/** Issues a coupon of a reward, for a redemption or a benefit; the caller owns the transaction. */
export class CouponIssuer {
  constructor(private readonly repository: RewardsRepository) {}

  async issue(
    manager: EntityManager,
    issue: {
      memberId: number;
      reward: Reward;
      source: CouponSource;
      redemptionId: number | null;
      at: Date;
      /** Given by a re-issue (the old code's end); otherwise from the reward's validity. */
      validUntil?: Date | null;
      /** A re-issue: the coupon this one replaces. */
      replacesCouponId?: number;
    },
  ): Promise<Coupon> {
    const id = await this.repository.insertCoupon(manager, {
      // 79 random bits: a clash is not a practical concern, and the unique key would refuse one anyway.
      code: generateCouponCode(),
      memberId: issue.memberId,
      rewardId: issue.reward.id,
      redemptionId: issue.redemptionId,
      source: issue.source,
      status: CouponStatus.ISSUED,
      validUntil:
        issue.validUntil !== undefined ? issue.validUntil : couponValidUntil(issue.reward, issue.at),
      issuedAt: issue.at,
      usedAt: null,
      updatedAt: issue.at,
      replacesCouponId: issue.replacesCouponId ?? null,
    });
    return (await this.repository.findCoupon(manager, id))!;
  }
}
