import type { EntityManager } from 'typeorm';
import { ConflictError, NotFoundError } from '../../common/errors';
import type { RequestContext } from '../../common/request-context';
import type { Database } from '../../data/database';
import type { ActivityService } from '../activity';
import type { AuditService } from '../audit';
import type { IdempotencyService } from '../idempotency';
import { MemberStatus, assertMemberStatus } from '../members';
import type { Coupon } from './coupon.entity';
import type { CouponIssuer } from './coupon-issuer';
import { CouponStatus } from './reward.enums';
import { couponSnapshot } from './reward-snapshot';
import type { RewardsRepository } from './rewards.repository';
import { clock } from '../../common/clock';

export interface CouponSupportCall {
  couponId: number;
  reason: string;
  idempotencyKey: string;
}

/**
 * What support does to a coupon itself (birthday and member-day coupons have no redemption to cancel):
 * void it, or re-issue it (a lost or expired code sent again). Each is one transaction with its audit
 * entry (with the reason) and activity events, idempotent on the caller's key: a retry with the same
 * key answers with the first result and changes nothing.
 */
export class CouponSupportService {
  constructor(
    private readonly db: Database,
    private readonly repository: RewardsRepository,
    private readonly idempotency: IdempotencyService,
    private readonly coupons: CouponIssuer,
    private readonly audit: AuditService,
    private readonly activity: ActivityService,
  ) {}

  /** ISSUED and unexpired → VOID. Anything else (used, expired, cancelled, void) is a CONFLICT naming it. */
  async voidCoupon(ctx: RequestContext, call: CouponSupportCall): Promise<Coupon> {
    const { couponId } = await this.idempotency.run({
      scope: 'rewards.coupon.void',
      key: call.idempotencyKey,
      input: { couponId: call.couponId, reason: call.reason },
      work: (manager) => this.voidWithin(ctx, manager, call),
    });
    return (await this.repository.findCoupon(this.db.manager, couponId))!;
  }

  private async voidWithin(
    ctx: RequestContext,
    manager: EntityManager,
    call: CouponSupportCall,
  ): Promise<{ couponId: number }> {
    const now = clock.now();
    const coupon = await this.repository.findCoupon(manager, call.couponId);
    if (!coupon) throw new NotFoundError('Coupon', call.couponId);
    if (!(await this.repository.voidCouponIf(manager, coupon.id, now, { for: 'void' }))) {
      await this.refuse(manager, coupon.id, now, 'voided');
    }
    const voided = (await this.repository.findCoupon(manager, coupon.id))!;
    await this.audit.record(ctx, manager, {
      action: 'coupon.void',
      targetType: 'coupon',
      targetId: coupon.id,
      before: { status: coupon.status },
      after: { ...couponSnapshot(voided), reason: call.reason },
    });
    await this.activity.record(manager, {
      type: 'coupon.voided',
      memberId: voided.memberId,
      summary: `Coupon ${voided.id} of reward ${voided.rewardId} voided by support`,
      payload: couponSnapshot(voided),
    });
    return { couponId: coupon.id };
  }

  /**
   * Voids the old code and issues a new one of the same reward, source and member (and the redemption
   * link, if any). Expiry: an unexpired coupon's new code keeps the old end, so a re-issue never extends
   * a benefit; an expired one (ISSUED past its end, or EXPIRED) gets a fresh end computed from the
   * reward's validity as if issued now — support re-issues an expired code precisely to make it usable
   * again, and handing out a code that is already expired would be pointless. USED, CANCELLED and VOID
   * coupons are a CONFLICT. The member must be ACTIVE.
   */
  async reissueCoupon(ctx: RequestContext, call: CouponSupportCall): Promise<Coupon> {
    const { couponId } = await this.idempotency.run({
      scope: 'rewards.coupon.reissue',
      key: call.idempotencyKey,
      input: { couponId: call.couponId, reason: call.reason },
      work: (manager) => this.reissueWithin(ctx, manager, call),
    });
    return (await this.repository.findCoupon(this.db.manager, couponId))!;
  }

  private async reissueWithin(
    ctx: RequestContext,
    manager: EntityManager,
    call: CouponSupportCall,
  ): Promise<{ couponId: number }> {
    const now = clock.now();
    const coupon = await this.repository.findCoupon(manager, call.couponId);
    if (!coupon) throw new NotFoundError('Coupon', call.couponId);
    const member = await this.repository.memberQuery(manager, coupon.memberId).getOne();
    assertMemberStatus(member, coupon.memberId, [MemberStatus.ACTIVE], 're-issue a coupon');
    if (!(await this.repository.voidCouponIf(manager, coupon.id, now, { for: 'reissue' }))) {
      await this.refuse(manager, coupon.id, now, 're-issued');
    }
    const reward = (await this.repository.findReward(manager, coupon.rewardId))!;
    const expired = coupon.validUntil !== null && coupon.validUntil <= now;
    const issued = await this.coupons.issue(manager, {
      memberId: coupon.memberId,
      reward,
      source: coupon.source,
      redemptionId: coupon.redemptionId,
      at: now,
      replacesCouponId: coupon.id,
      // Omitted (fresh end from the reward) when expired; the old end otherwise.
      ...(expired || coupon.status === CouponStatus.EXPIRED ? {} : { validUntil: coupon.validUntil }),
    });
    const voided = (await this.repository.findCoupon(manager, coupon.id))!;
    await this.audit.record(ctx, manager, {
      action: 'coupon.reissue',
      targetType: 'coupon',
      targetId: coupon.id,
      before: { status: coupon.status, validUntil: coupon.validUntil?.toISOString() ?? null },
      after: {
        status: voided.status,
        reason: call.reason,
        redemptionId: coupon.redemptionId === null ? null : String(coupon.redemptionId),
        reissuedAs: couponSnapshot(issued),
      },
    });
    await this.activity.record(manager, {
      type: 'coupon.voided',
      memberId: voided.memberId,
      summary: `Coupon ${voided.id} of reward ${voided.rewardId} voided to be re-issued`,
      payload: couponSnapshot(voided),
    });
    await this.activity.record(manager, {
      type: 'coupon.reissued',
      memberId: issued.memberId,
      summary: `Coupon ${voided.id} of reward ${issued.rewardId} re-issued as coupon ${issued.id}`,
      payload: couponSnapshot(issued),
    });
    return { couponId: issued.id };
  }

  /** The conditional update changed nothing: a CONFLICT naming the coupon's status as it is now. */
  private async refuse(manager: EntityManager, id: number, now: Date, verb: string): Promise<never> {
    const current = (await this.repository.findCoupon(manager, id))!;
    const expired =
      current.status === CouponStatus.ISSUED && current.validUntil !== null && current.validUntil <= now;
    const status = expired ? CouponStatus.EXPIRED : current.status;
    throw new ConflictError(`Coupon ${id} is ${status.toLowerCase()}: it cannot be ${verb}`, {
      status,
      usedAt: current.usedAt?.toISOString() ?? null,
    });
  }
}
