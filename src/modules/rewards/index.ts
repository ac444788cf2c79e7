import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../../common/request-context';
import type { Database } from '../../data/database';
import type { Job } from '../../jobs/job';
import type { ActivityService } from '../activity';
import type { AuditService } from '../audit';
import type { EarningService } from '../earning';
import type { IdempotencyService } from '../idempotency';
import type { PointsLedger } from '../points';
import type { MemberDataRegistry } from '../privacy';
import type { TiersService } from '../tiers';
import { BenefitGrant } from './benefit-grant.entity';
import { BenefitsService } from './benefits.service';
import { Coupon } from './coupon.entity';
import { CouponIssuer } from './coupon-issuer';
import { CouponSupportService } from './coupon-support.service';
import { CouponsResolver } from './coupons.resolver';
import { MemberRewardsFieldsResolver } from './member-rewards-fields.resolver';
import { RedemptionService } from './redemption.service';
import { RedemptionsResolver } from './redemptions.resolver';
import { ReferralCode } from './referral-code.entity';
import { Referral } from './referral.entity';
import { ReferralService, type FirstOrder } from './referral.service';
import { ReferralsResolver } from './referrals.resolver';
import { RewardCatalogService } from './reward-catalog.service';
import { RewardRedemption } from './reward-redemption.entity';
import { Reward } from './reward.entity';
import { rewardsJobs } from './rewards.jobs';
import { rewardLoadersFactory } from './rewards.loaders';
import { RewardsMemberDataParticipant } from './rewards-member-data.participant';
import { RewardsRepository } from './rewards.repository';
import { RewardsResolver } from './rewards.resolver';
import { TierAccess } from './tier-access';

export { Reward, RewardRedemption, Coupon, Referral };
export type { FirstOrder };
export { RewardType, CouponStatus, CouponSource, FulfilmentStatus, RedemptionStatus } from './reward.enums';
export const rewardsEntities = [Reward, RewardRedemption, Coupon, BenefitGrant, ReferralCode, Referral];

/** The member day of each month when the composition root does not say otherwise. */
export const DEFAULT_MEMBER_DAY_OF_MONTH = 8;

/**
 * Wires the rewards context: the points mall (catalog, redemptions, coupons), the birthday and
 * member-day benefits (jobs), and referrals (the orders context calls `referrals.onFirstOrder`).
 */
export function createRewardsModule(deps: {
  db: Database;
  audit: AuditService;
  activity: ActivityService;
  memberData: MemberDataRegistry;
  idempotency: IdempotencyService;
  points: PointsLedger;
  tiers: TiersService;
  earning: EarningService;
  /** Day of the month (1-31; the month's last day when shorter) the member-day job grants on. */
  memberDayOfMonth?: number;
}) {
  const repository = new RewardsRepository();
  const tiers = new TierAccess(deps.tiers);
  const coupons = new CouponIssuer(repository);
  const catalog = new RewardCatalogService(deps.db, repository, deps.audit, deps.points, tiers);
  const redemptions = new RedemptionService(
    deps.db,
    repository,
    deps.idempotency,
    deps.points,
    tiers,
    coupons,
    deps.audit,
    deps.activity,
  );
  const couponSupport = new CouponSupportService(
    deps.db,
    repository,
    deps.idempotency,
    coupons,
    deps.audit,
    deps.activity,
  );
  const referralService = new ReferralService(deps.db, repository, deps.earning, deps.audit, deps.activity);
  const benefits = new BenefitsService(
    deps.db,
    repository,
    deps.earning,
    tiers,
    coupons,
    deps.activity,
    deps.memberDayOfMonth ?? DEFAULT_MEMBER_DAY_OF_MONTH,
  );
  const loaders = rewardLoadersFactory({
    repository,
    ledger: deps.points,
    tiers,
    referrals: referralService,
  });
  deps.memberData.register(new RewardsMemberDataParticipant());

  return {
    service: {
      catalog,
      redemptions,
      couponSupport,
      referrals: referralService,
      benefits,
      /** Shortcuts for other contexts and tests. */
      redeem: redemptions.redeem.bind(redemptions),
      cancelRedemption: redemptions.cancel.bind(redemptions),
      redeemCoupon: redemptions.redeemCoupon.bind(redemptions),
      applyReferralCode: referralService.apply.bind(referralService),
    },
    referrals: {
      onFirstOrder(ctx: RequestContext, manager: EntityManager, order: FirstOrder): Promise<void> {
        return referralService.onFirstOrder(ctx, manager, order);
      },
    },
    resolvers: [
      new RewardsResolver(catalog),
      new RedemptionsResolver(redemptions, loaders),
      new CouponsResolver(redemptions, loaders, couponSupport),
      new ReferralsResolver(referralService),
      new MemberRewardsFieldsResolver(loaders),
    ] as object[],
    jobs: rewardsJobs(deps.db, benefits, repository) as Job[],
  };
}

// Used by other contexts.
export { DiscountKind } from './reward.enums';
export type { RedemptionSummary } from './rewards.repository';
