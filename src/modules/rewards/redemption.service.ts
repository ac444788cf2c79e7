import type { EntityManager } from 'typeorm';
import { assertCanAccessMember, requirePrincipal } from '../../auth/member-access';
import { ConflictError, NotFoundError } from '../../common/errors';
import type { RequestContext } from '../../common/request-context';
import type { Database } from '../../data/database';
import { isUniqueViolation } from '../../data/database-errors';
import type { ActivityService } from '../activity';
import type { AuditService } from '../audit';
import type { IdempotencyService } from '../idempotency';
import { MemberStatus, assertMemberStatus } from '../members';
import { type PointsLedger, type PointsSource, PointsSourceKind } from '../points';
import { normalizeCode } from './codes';
import type { Coupon } from './coupon.entity';
import type { CouponIssuer } from './coupon-issuer';
import { isFulfilmentStepForward, isOffered, isTierEligible } from './reward-availability.rules';
import { issuesCoupon } from './reward-definition.rules';
import type { RewardRedemption } from './reward-redemption.entity';
import type { Reward } from './reward.entity';
import { CouponSource, CouponStatus, FulfilmentStatus, RedemptionStatus, RewardType } from './reward.enums';
import { couponSnapshot, redemptionSnapshot } from './reward-snapshot';
import { OutOfStockError, RedemptionLimitError, TierRequiredError } from './rewards.errors';
import type { RewardsRepository } from './rewards.repository';
import type { TierAccess } from './tier-access';
import { clock } from '../../common/clock';

export interface RedeemReward {
  rewardId: number;
  memberId: number;
  idempotencyKey: string;
}

/**
 * Spending points on rewards, taking it back, shipping gifts and using coupons. A redemption is one
 * transaction: the checks, the unit taken from stock, the points spent, the coupon, the audit entry
 * and the activity event commit together or not at all, so every refusal changes nothing.
 */
export class RedemptionService {
  constructor(
    private readonly db: Database,
    private readonly repository: RewardsRepository,
    private readonly idempotency: IdempotencyService,
    private readonly ledger: PointsLedger,
    private readonly tiers: TierAccess,
    private readonly coupons: CouponIssuer,
    private readonly audit: AuditService,
    private readonly activity: ActivityService,
  ) {}

  async redeem(ctx: RequestContext, input: RedeemReward): Promise<RewardRedemption> {
    assertCanAccessMember(ctx.principal, input.memberId);
    const { redemptionId } = await this.withKeyRace(() =>
      this.db.transaction((manager) =>
        this.idempotency.within(manager, {
          scope: 'rewards.redeem',
          key: input.idempotencyKey,
          input: { rewardId: input.rewardId, memberId: input.memberId },
          work: () => this.redeemWithin(ctx, manager, input),
        }),
      ),
    );
    return (await this.repository.findRedemption(this.db.manager, redemptionId))!;
  }

  private async redeemWithin(
    ctx: RequestContext,
    manager: EntityManager,
    input: RedeemReward,
  ): Promise<{ redemptionId: number }> {
    const now = clock.now();
    // The member row lock queues one member's redemptions, so the per-member count below is exact.
    const member = await this.db.forUpdate(this.repository.memberQuery(manager, input.memberId)).getOne();
    assertMemberStatus(member, input.memberId, [MemberStatus.ACTIVE], 'redeem a reward');

    const reward = await this.repository.findReward(manager, input.rewardId);
    if (!reward) throw new NotFoundError('Reward', input.rewardId);
    if (!isOffered(reward, now)) {
      throw new ConflictError(`Reward ${reward.id} is not offered now`, {
        active: Boolean(reward.active),
        validFrom: reward.validFrom?.toISOString() ?? null,
        validUntil: reward.validUntil?.toISOString() ?? null,
      });
    }
    await this.assertTier(manager, reward, input.memberId);
    if (reward.perMemberLimit !== null) {
      const live = await this.db
        .forUpdate(this.repository.liveRedemptionsQuery(manager, input.memberId, reward.id))
        .getMany();
      if (live.length >= reward.perMemberLimit) {
        throw new RedemptionLimitError(reward.id, 'PER_MEMBER', reward.perMemberLimit);
      }
    }
    if (!(await this.repository.takeUnit(manager, reward.id))) {
      const current = (await this.db.forUpdate(this.repository.rewardQuery(manager, reward.id)).getOne())!;
      if (current.stock !== null && current.stock < 1) throw new OutOfStockError(reward.id);
      throw new RedemptionLimitError(reward.id, 'GLOBAL', current.globalLimit ?? 0);
    }

    const redemptionId = await this.repository.insertRedemption(manager, {
      memberId: input.memberId,
      rewardId: reward.id,
      pointsSpent: reward.pointsPrice,
      status: RedemptionStatus.REDEEMED,
      fulfilmentStatus: reward.type === RewardType.GIFT ? FulfilmentStatus.PENDING : null,
      ledgerEntryId: null,
      redeemedAt: now,
      cancelledAt: null,
      updatedAt: now,
    });
    const spent = await this.ledger.spend(manager, {
      memberId: input.memberId,
      points: reward.pointsPrice,
      source: this.source(ctx, redemptionId),
      reason: `Redeemed reward ${reward.code}`,
    });
    await this.repository.setLedgerEntry(manager, redemptionId, spent.entryId);
    const coupon = issuesCoupon(reward.type)
      ? await this.coupons.issue(manager, {
          memberId: input.memberId,
          reward,
          source: CouponSource.REDEMPTION,
          redemptionId,
          at: now,
        })
      : null;

    const redemption = (await this.repository.findRedemption(manager, redemptionId))!;
    const after = (await this.repository.findReward(manager, reward.id))!;
    const snapshot = redemptionSnapshot(redemption, after, coupon);
    await this.audit.record(ctx, manager, {
      action: 'reward.redeem',
      targetType: 'reward-redemption',
      targetId: redemptionId,
      after: snapshot,
    });
    await this.activity.record(manager, {
      type: 'reward.redeemed',
      memberId: input.memberId,
      summary: `Member ${input.memberId} redeemed reward ${reward.code} for ${reward.pointsPrice} points`,
      payload: snapshot,
    });
    return { redemptionId };
  }

  private async assertTier(manager: EntityManager, reward: Reward, memberId: number): Promise<void> {
    if (reward.minimumTierCode === null) return;
    const required = await this.tiers.requiredRanks(manager, [reward.minimumTierCode]);
    const rank = await this.tiers.rankOf(manager, memberId);
    if (!isTierEligible(reward.minimumTierCode, rank, required.get(reward.minimumTierCode) ?? null)) {
      throw new TierRequiredError(reward.id, reward.minimumTierCode);
    }
  }

  /**
   * Takes a redemption back: points return to the lots they came from, the unit to the stock, the
   * coupon is withdrawn. A member may do it while nothing happened yet (coupon unused and unexpired,
   * gift not shipped); staff may cancel any redemption still in force. Every step is a conditional
   * update, so a second (or concurrent) cancellation, or a coupon used meanwhile, is a CONFLICT.
   */
  async cancel(ctx: RequestContext, redemptionId: number): Promise<RewardRedemption> {
    const principal = requirePrincipal(ctx.principal);
    const byMember = principal.role === 'member';
    await this.db.transaction(async (manager) => {
      const now = clock.now();
      const redemption = await this.repository.findRedemption(manager, redemptionId);
      if (!redemption) throw new NotFoundError('Reward redemption', redemptionId);
      assertCanAccessMember(principal, redemption.memberId);
      if (
        !(await this.repository.cancelRedemptionIf(manager, redemptionId, now, { onlyUnshipped: byMember }))
      ) {
        const current = (await this.repository.findRedemption(manager, redemptionId))!;
        if (current.status === RedemptionStatus.CANCELLED) {
          throw new ConflictError(`Redemption ${redemptionId} is already cancelled`, {
            status: current.status,
          });
        }
        throw new ConflictError(`Redemption ${redemptionId} was shipped: ask support to take it back`, {
          status: current.status,
          fulfilmentStatus: current.fulfilmentStatus,
        });
      }
      const withdrawn = await this.repository.cancelCouponOfRedemption(manager, redemptionId, now, {
        onlyUsable: byMember,
      });
      const coupon = await this.repository.couponOfRedemption(manager, redemptionId);
      if (byMember && coupon && !withdrawn) {
        throw new ConflictError(
          `The coupon of redemption ${redemptionId} is ${coupon.status.toLowerCase()}`,
          {
            couponStatus: coupon.status,
          },
        );
      }
      await this.repository.returnUnit(manager, redemption.rewardId);
      if (redemption.ledgerEntryId !== null) {
        await this.ledger.returnSpend(manager, {
          entryId: redemption.ledgerEntryId,
          reason: `Redemption ${redemptionId} cancelled`,
          source: this.source(ctx, redemptionId),
        });
      }
      const after = (await this.repository.findRedemption(manager, redemptionId))!;
      const reward = (await this.repository.findReward(manager, redemption.rewardId))!;
      const snapshot = redemptionSnapshot(after, reward, coupon);
      await this.audit.record(ctx, manager, {
        action: 'reward.redemption.cancel',
        targetType: 'reward-redemption',
        targetId: redemptionId,
        before: { status: redemption.status, fulfilmentStatus: redemption.fulfilmentStatus },
        after: snapshot,
      });
      await this.activity.record(manager, {
        type: 'reward.redemption-cancelled',
        memberId: redemption.memberId,
        summary: `Redemption ${redemptionId} of reward ${reward.code} cancelled; ${redemption.pointsSpent} points returned`,
        payload: snapshot,
      });
    });
    return (await this.repository.findRedemption(this.db.manager, redemptionId))!;
  }

  /** Staff move a gift forward: PENDING → SHIPPED → DELIVERED. Asking for the current state is a no-op. */
  async updateFulfilment(
    ctx: RequestContext,
    redemptionId: number,
    status: FulfilmentStatus,
  ): Promise<RewardRedemption> {
    return this.db.transaction(async (manager) => {
      const redemption = await this.repository.findRedemption(manager, redemptionId);
      if (!redemption) throw new NotFoundError('Reward redemption', redemptionId);
      if (redemption.fulfilmentStatus === null) {
        throw new ConflictError(`Redemption ${redemptionId} is not a gift: it has no fulfilment`);
      }
      if (redemption.status === RedemptionStatus.CANCELLED) {
        throw new ConflictError(`Redemption ${redemptionId} is cancelled`, { status: redemption.status });
      }
      if (redemption.fulfilmentStatus === status) return redemption;
      if (
        !isFulfilmentStepForward(redemption.fulfilmentStatus, status) ||
        !(await this.repository.updateFulfilmentIf(
          manager,
          redemptionId,
          redemption.fulfilmentStatus,
          status,
        ))
      ) {
        throw new ConflictError(
          `Redemption ${redemptionId} is ${redemption.fulfilmentStatus}; it cannot move to ${status}`,
          { fulfilmentStatus: redemption.fulfilmentStatus },
        );
      }
      const after = (await this.repository.findRedemption(manager, redemptionId))!;
      await this.audit.record(ctx, manager, {
        action: 'reward.redemption.fulfilment',
        targetType: 'reward-redemption',
        targetId: redemptionId,
        before: { fulfilmentStatus: redemption.fulfilmentStatus },
        after: { fulfilmentStatus: after.fulfilmentStatus },
      });
      await this.activity.record(manager, {
        type: 'reward.fulfilment-updated',
        memberId: redemption.memberId,
        summary: `Gift of redemption ${redemptionId} is ${status.toLowerCase()}`,
        payload: {
          redemptionId: String(redemptionId),
          rewardId: String(redemption.rewardId),
          fulfilmentStatus: status,
        },
      });
      return after;
    });
  }

  /** At a till or a partner: an ISSUED, unexpired coupon becomes USED, once. Anything else is a CONFLICT. */
  async redeemCoupon(ctx: RequestContext, typedCode: string): Promise<Coupon> {
    const code = normalizeCode(typedCode);
    return this.db.transaction(async (manager) => {
      const now = clock.now();
      const coupon = await this.repository.findCouponByCode(manager, code);
      if (!coupon) throw new NotFoundError('Coupon', code);
      if (!(await this.repository.useCouponIfUsable(manager, coupon.id, now))) {
        const current = (await this.repository.findCoupon(manager, coupon.id))!;
        const expired =
          current.status === CouponStatus.EXPIRED ||
          (current.status === CouponStatus.ISSUED &&
            current.validUntil !== null &&
            current.validUntil <= now);
        const status = expired ? CouponStatus.EXPIRED : current.status;
        throw new ConflictError(`This coupon is ${status.toLowerCase()}`, {
          status,
          usedAt: current.usedAt?.toISOString() ?? null,
        });
      }
      const used = (await this.repository.findCoupon(manager, coupon.id))!;
      await this.audit.record(ctx, manager, {
        action: 'coupon.use',
        targetType: 'coupon',
        targetId: coupon.id,
        before: { status: coupon.status },
        after: { status: used.status, usedAt: used.usedAt?.toISOString() ?? null },
      });
      await this.activity.record(manager, {
        type: 'coupon.used',
        memberId: used.memberId,
        summary: `Member ${used.memberId} used a coupon of reward ${used.rewardId}`,
        payload: couponSnapshot(used),
      });
      return used;
    });
  }

  private source(ctx: RequestContext, redemptionId: number): PointsSource {
    const principal = ctx.principal;
    const staff = principal && (principal.role === 'staff' || principal.role === 'admin');
    return {
      kind: PointsSourceKind.REWARD,
      reference: `reward-redemption:${redemptionId}`,
      staffUserId: staff ? principal.subject : null,
    };
  }

  /**
   * Two first calls with one idempotency key race on the key's primary key: the loser's transaction
   * fails and is run once more, where it finds the winner's committed key and answers with its result.
   */
  private async withKeyRace<T>(attempt: () => Promise<T>): Promise<T> {
    try {
      return await attempt();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return attempt();
    }
  }
}
