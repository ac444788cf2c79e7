import type { EntityManager } from 'typeorm';
import { assertCanAccessMember } from '../../auth/member-access';
import { BadUserInputError, ConflictError, NotFoundError } from '../../common/errors';
import type { RequestContext } from '../../common/request-context';
import type { Database } from '../../data/database';
import { isUniqueViolation } from '../../data/database-errors';
import type { ActivityService } from '../activity';
import type { AuditService } from '../audit';
import { Behaviour, type EarningService } from '../earning';
import { MemberStatus, assertMemberStatus, isActiveMembership } from '../members';
import { generateReferralCode, normalizeCode } from './codes';
import type { Referral } from './referral.entity';
import { ReferralStatus } from './reward.enums';
import type { RewardsRepository } from './rewards.repository';
import { clock } from '../../common/clock';

const CODE_ATTEMPTS = 5;

export interface FirstOrder {
  memberId: number;
  orderId: number;
  channel: string;
  storeId: string | null;
  at: Date;
}

/**
 * Referral codes and referrals. A friend applies a member's code; the friend's first order rewards
 * both through the earning rules (REFERRAL_REFEREE and REFERRAL_REFERRER), once.
 */
export class ReferralService {
  constructor(
    private readonly db: Database,
    private readonly repository: RewardsRepository,
    private readonly earning: EarningService,
    private readonly audit: AuditService,
    private readonly activity: ActivityService,
  ) {}

  /** Existing codes of these members (one statement). */
  async codesOf(memberIds: readonly number[]): Promise<Map<number, string>> {
    const rows = await this.repository.referralCodesOf(this.db.manager, memberIds);
    return new Map(rows.map((row) => [row.memberId, row.code]));
  }

  /**
   * Creates the missing codes of these members in one insert. A clash (a code taken, or a concurrent
   * request that created a member's code first) rolls the insert back and the missing ones are tried again.
   */
  async ensureCodes(memberIds: readonly number[]): Promise<Map<number, string>> {
    for (let attempt = 1; ; attempt++) {
      const codes = await this.codesOf(memberIds);
      const missing = memberIds.filter((id) => !codes.has(id));
      if (missing.length === 0) return codes;
      const rows = missing.map((memberId) => ({ memberId, code: generateReferralCode() }));
      try {
        await this.db.transaction((manager) => this.repository.insertReferralCodes(manager, rows));
        for (const row of rows) codes.set(row.memberId, row.code);
        return codes;
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= CODE_ATTEMPTS) throw error;
      }
    }
  }

  /** A member (for themselves) or staff record that the member was referred by the owner of `code`. */
  async apply(ctx: RequestContext, refereeId: number, typedCode: string): Promise<Referral> {
    assertCanAccessMember(ctx.principal, refereeId);
    const code = normalizeCode(typedCode);
    try {
      return await this.db.transaction(async (manager) => {
        const referee = await this.repository.memberQuery(manager, refereeId).getOne();
        assertMemberStatus(referee, refereeId, [MemberStatus.ACTIVE], 'apply a referral code');
        const owner = await this.repository.findReferralCode(manager, code);
        if (!owner) throw new NotFoundError('Referral code', code);
        if (owner.memberId === refereeId)
          throw BadUserInputError.field('code', 'A member cannot refer themselves');
        const referrer = await this.repository.memberQuery(manager, owner.memberId).getOne();
        if (!referrer || !isActiveMembership(referrer)) {
          throw new ConflictError('The member who owns this referral code is no longer active', {
            field: 'code',
          });
        }
        if (await this.repository.findReferralOf(manager, refereeId)) throw alreadyReferred(refereeId);
        const id = await this.repository.insertReferral(manager, {
          refereeId,
          referrerId: owner.memberId,
          code,
          status: ReferralStatus.PENDING,
          orderId: null,
          createdAt: clock.now(),
          rewardedAt: null,
        });
        await this.audit.record(ctx, manager, {
          action: 'referral.apply',
          targetType: 'member',
          targetId: refereeId,
          after: { referralId: String(id), referrerId: String(owner.memberId), code },
        });
        await this.activity.record(manager, {
          type: 'referral.applied',
          memberId: refereeId,
          summary: `Member ${refereeId} was referred by member ${owner.memberId}`,
          payload: {
            referralId: String(id),
            referrerId: String(owner.memberId),
            status: ReferralStatus.PENDING,
          },
        });
        return (await this.repository.findReferralOf(manager, refereeId))!;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw alreadyReferred(refereeId);
      throw error;
    }
  }

  /**
   * Called by the orders context, in its transaction, when a member places their first order. The
   * conditional PENDING → REWARDED update makes it once-only, even if it were called twice.
   */
  async onFirstOrder(ctx: RequestContext, manager: EntityManager, order: FirstOrder): Promise<void> {
    const referral = await this.repository.findReferralOf(manager, order.memberId);
    if (!referral || referral.status !== ReferralStatus.PENDING) return;
    if (!(await this.repository.markReferralRewardedIfPending(manager, referral.id, order.orderId, order.at)))
      return;
    const reference = `referral:${order.memberId}`;
    const common = { reference, channel: order.channel, storeId: order.storeId, at: order.at };
    const referee = await this.earning.awardBehaviour(ctx, manager, {
      ...common,
      memberId: order.memberId,
      behaviour: Behaviour.REFERRAL_REFEREE,
    });
    // A referrer merged since then is rewarded as the survivor; a closed or erased one is not.
    const referrer = await this.repository.memberQuery(manager, referral.referrerId).getOne();
    const referrerId =
      referrer?.status === MemberStatus.MERGED && referrer.mergedIntoId !== null
        ? referrer.mergedIntoId
        : referrer && isActiveMembership(referrer)
          ? referrer.id
          : null;
    const referrerAward =
      referrerId === null
        ? null
        : await this.earning.awardBehaviour(ctx, manager, {
            ...common,
            memberId: referrerId,
            behaviour: Behaviour.REFERRAL_REFERRER,
          });
    await this.activity.record(manager, {
      type: 'referral.rewarded',
      memberId: order.memberId,
      channel: order.channel,
      summary: `Referral of member ${order.memberId} by member ${referral.referrerId} rewarded on order ${order.orderId}`,
      payload: {
        referralId: String(referral.id),
        orderId: String(order.orderId),
        status: ReferralStatus.REWARDED,
        refereePoints: referee.points,
        referrerId: referrerId === null ? null : String(referrerId),
        referrerPoints: referrerAward?.points ?? 0,
      },
    });
  }
}

function alreadyReferred(refereeId: number): ConflictError {
  return new ConflictError(`Member ${refereeId} was already referred`);
}
