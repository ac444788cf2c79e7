import type { EntityManager } from 'typeorm';
import { SYSTEM_PRINCIPAL } from '../../auth/principal';
import type { RequestContext } from '../../common/request-context';
import type { Database } from '../../data/database';
import { isUniqueViolation } from '../../data/database-errors';
import type { JobProgress, JobReport } from '../../jobs/job';
import type { ActivityService } from '../activity';
import { Behaviour, type EarningService } from '../earning';
import type { Member } from '../members';
import { birthdayPeriod, birthdaySuffixesOn, isMemberDay, memberDayPeriod } from './benefit-period.rules';
import type { CouponIssuer } from './coupon-issuer';
import { isTierEligible } from './reward-availability.rules';
import type { Reward } from './reward.entity';
import { BenefitKind, CouponSource } from './reward.enums';
import type { RewardsRepository } from './rewards.repository';
import type { TierAccess } from './tier-access';

export const BENEFIT_BATCH_SIZE = 500;

interface Grant {
  benefit: BenefitKind;
  period: string;
  source: CouponSource;
  rewards: Reward[];
  requiredRanks: Map<string, number | null>;
  at: Date;
  ctx: RequestContext;
}

/**
 * The birthday and member-day benefits. Members are read in batches of those still due (no grant row
 * for the period); each member is granted in its own transaction that first inserts the unique
 * `benefit_grant` row, so a rerun, a second instance or a crash half-way never grants twice.
 */
export class BenefitsService {
  constructor(
    private readonly db: Database,
    private readonly repository: RewardsRepository,
    private readonly earning: EarningService,
    private readonly tiers: TierAccess,
    private readonly coupons: CouponIssuer,
    private readonly activity: ActivityService,
    private readonly memberDayOfMonth: number,
  ) {}

  async grantBirthdays(now: Date, progress?: JobProgress): Promise<JobReport> {
    return this.grantAll(
      now,
      BenefitKind.BIRTHDAY,
      birthdayPeriod(now),
      CouponSource.BIRTHDAY,
      birthdaySuffixesOn(now),
      progress,
    );
  }

  async grantMemberDay(now: Date, progress?: JobProgress): Promise<JobReport> {
    if (!isMemberDay(now, this.memberDayOfMonth)) {
      return { membersGranted: 0, couponsIssued: 0, pointsAwarded: 0, membersFailed: 0 };
    }
    return this.grantAll(
      now,
      BenefitKind.MEMBER_DAY,
      memberDayPeriod(now),
      CouponSource.MEMBER_DAY,
      undefined,
      progress,
    );
  }

  private async grantAll(
    now: Date,
    benefit: BenefitKind,
    period: string,
    source: CouponSource,
    birthdaySuffixes: string[] | undefined,
    progress?: JobProgress,
  ): Promise<JobReport> {
    const manager = this.db.manager;
    const rewards = await this.repository.benefitRewards(manager, benefit, now);
    const requiredRanks = await this.tiers.requiredRanks(
      manager,
      rewards.map((r) => r.minimumTierCode),
    );
    const ctx: RequestContext = {
      principal: SYSTEM_PRINCIPAL,
      requestId: `job:${benefit.toLowerCase()}:${period}`,
    };
    const grant: Grant = { benefit, period, source, rewards, requiredRanks, at: now, ctx };
    const report = { membersGranted: 0, couponsIssued: 0, pointsAwarded: 0, membersFailed: 0 };
    let afterId = 0;
    for (;;) {
      const batch = await this.repository.membersDue(manager, {
        benefit,
        period,
        birthdaySuffixes,
        afterId,
        limit: BENEFIT_BATCH_SIZE,
      });
      for (const member of batch) {
        // One member's failure (rolled back whole) must not starve the others: the next run retries it.
        const granted = await this.grantOne(member, grant).catch(() => {
          report.membersFailed += 1;
          return null;
        });
        if (granted) {
          report.membersGranted += 1;
          report.couponsIssued += granted.coupons;
          report.pointsAwarded += granted.points;
        }
      }
      progress?.(report.membersGranted, report.membersGranted);
      if (batch.length < BENEFIT_BATCH_SIZE) return report;
      afterId = batch[batch.length - 1].id;
    }
  }

  private async grantOne(member: Member, grant: Grant): Promise<{ coupons: number; points: number } | null> {
    try {
      return await this.db.transaction(async (manager) => {
        await this.repository.insertGrant(manager, member.id, grant.benefit, grant.period, grant.at);
        const points =
          grant.benefit === BenefitKind.BIRTHDAY
            ? (
                await this.earning.awardBehaviour(grant.ctx, manager, {
                  memberId: member.id,
                  behaviour: Behaviour.BIRTHDAY,
                  reference: `birthday:${grant.period}`,
                  at: grant.at,
                })
              ).points
            : 0;
        const coupons = await this.issueCoupons(manager, member.id, grant);
        await this.activity.record(manager, {
          type:
            grant.benefit === BenefitKind.BIRTHDAY
              ? 'benefit.birthday-granted'
              : 'benefit.member-day-granted',
          memberId: member.id,
          summary: `Member ${member.id} received the ${grant.benefit.toLowerCase().replace('_', '-')} benefit for ${grant.period}`,
          payload: { benefit: grant.benefit, period: grant.period, points, couponIds: coupons.map(String) },
        });
        return { coupons: coupons.length, points };
      });
    } catch (error) {
      // Another run granted this member meanwhile: nothing to do.
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  private async issueCoupons(manager: EntityManager, memberId: number, grant: Grant): Promise<number[]> {
    if (grant.rewards.length === 0) return [];
    const restricted = grant.rewards.some((r) => r.minimumTierCode !== null);
    const rank = restricted ? await this.tiers.rankOf(manager, memberId) : 0;
    const ids: number[] = [];
    for (const reward of grant.rewards) {
      const required =
        reward.minimumTierCode === null ? null : (grant.requiredRanks.get(reward.minimumTierCode) ?? null);
      if (!isTierEligible(reward.minimumTierCode, rank, required)) continue;
      const coupon = await this.coupons.issue(manager, {
        memberId,
        reward,
        source: grant.source,
        redemptionId: null,
        at: grant.at,
      });
      ids.push(coupon.id);
    }
    return ids;
  }
}
