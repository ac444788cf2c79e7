import { In, type EntityManager } from 'typeorm';
import type { MemberDataParticipant } from '../privacy';
import { BenefitGrant } from './benefit-grant.entity';
import { Coupon } from './coupon.entity';
import { ReferralCode } from './referral-code.entity';
import { Referral } from './referral.entity';
import { RewardRedemption } from './reward-redemption.entity';

const iso = (date: Date | null) => date?.toISOString() ?? null;

/**
 * Coupons, redemptions, benefit grants and referrals. They hold no personal data beyond member ids,
 * so erasure keeps them (accounting needs the redemptions that match the ledger's spends); a merge
 * moves them to the survivor.
 */
export class RewardsMemberDataParticipant implements MemberDataParticipant {
  readonly section = 'rewards';

  async exportFor(manager: EntityManager, memberId: number): Promise<unknown> {
    const [coupons, redemptions, grants, code, referredBy, referred] = await Promise.all([
      manager.find(Coupon, { where: { memberId }, order: { id: 'ASC' } }),
      manager.find(RewardRedemption, { where: { memberId }, order: { id: 'ASC' } }),
      manager.find(BenefitGrant, { where: { memberId }, order: { id: 'ASC' } }),
      manager.findOne(ReferralCode, { where: { memberId } }),
      manager.findOne(Referral, { where: { refereeId: memberId } }),
      manager.find(Referral, { where: { referrerId: memberId }, order: { id: 'ASC' } }),
    ]);
    return {
      referralCode: code?.code ?? null,
      referredBy: referredBy && {
        referrerId: String(referredBy.referrerId),
        code: referredBy.code,
        status: referredBy.status,
        createdAt: iso(referredBy.createdAt),
        rewardedAt: iso(referredBy.rewardedAt),
      },
      referrals: referred.map((r) => ({
        refereeId: String(r.refereeId),
        status: r.status,
        createdAt: iso(r.createdAt),
        rewardedAt: iso(r.rewardedAt),
      })),
      redemptions: redemptions.map((r) => ({
        id: String(r.id),
        rewardId: String(r.rewardId),
        pointsSpent: r.pointsSpent,
        status: r.status,
        fulfilmentStatus: r.fulfilmentStatus,
        redeemedAt: iso(r.redeemedAt),
        cancelledAt: iso(r.cancelledAt),
      })),
      coupons: coupons.map((c) => ({
        code: c.code,
        rewardId: String(c.rewardId),
        source: c.source,
        status: c.status,
        validUntil: iso(c.validUntil),
        issuedAt: iso(c.issuedAt),
        usedAt: iso(c.usedAt),
      })),
      benefits: grants.map((g) => ({ benefit: g.benefit, period: g.period, grantedAt: iso(g.grantedAt) })),
    };
  }

  /** Nothing personal beyond ids: the rows stay for accounting and stock. */
  async erase(): Promise<void> {}

  async merge(manager: EntityManager, { survivorId, mergedId }: { survivorId: number; mergedId: number }) {
    await manager.update(Coupon, { memberId: mergedId }, { memberId: survivorId });
    await manager.update(RewardRedemption, { memberId: mergedId }, { memberId: survivorId });
    await manager.update(Referral, { referrerId: mergedId }, { referrerId: survivorId });
    // One per member: move the duplicate's referral, code and grants only where the survivor has none,
    // so the survivor is neither referred twice nor granted a benefit twice in a period.
    if (!(await manager.findOne(Referral, { where: { refereeId: survivorId } }))) {
      await manager.update(Referral, { refereeId: mergedId }, { refereeId: survivorId });
    }
    if (!(await manager.findOne(ReferralCode, { where: { memberId: survivorId } }))) {
      await manager.update(ReferralCode, { memberId: mergedId }, { memberId: survivorId });
    }
    const grants = await manager.find(BenefitGrant, { where: { memberId: In([survivorId, mergedId]) } });
    const held = new Set(
      grants.filter((g) => g.memberId === survivorId).map((g) => `${g.benefit}:${g.period}`),
    );
    const movable = grants.filter((g) => g.memberId === mergedId && !held.has(`${g.benefit}:${g.period}`));
    if (movable.length > 0) {
      await manager.update(BenefitGrant, { id: In(movable.map((g) => g.id)) }, { memberId: survivorId });
    }
  }
}
