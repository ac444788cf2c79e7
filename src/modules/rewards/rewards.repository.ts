import { In, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { MembersRepository, type Member } from '../members';
import { BenefitGrant } from './benefit-grant.entity';
import { Coupon } from './coupon.entity';
import { ReferralCode } from './referral-code.entity';
import { Referral } from './referral.entity';
import { RewardRedemption } from './reward-redemption.entity';
import { Reward } from './reward.entity';
import {
  BenefitKind,
  CouponStatus,
  FulfilmentStatus,
  RedemptionStatus,
  ReferralStatus,
  type RewardType,
} from './reward.enums';
import { clock } from '../../common/clock';

export interface RewardListFilter {
  type?: RewardType | null;
  /** Active and inside the validity window at `now`. */
  offeredAt?: Date | null;
  inStock?: boolean;
  maxPrice?: number | null;
  /** Tier-eligibility: rewards without a tier restriction, or restricted to one of these codes. */
  tierCodes?: string[] | null;
}

/** One reward a member redeemed (cancelled redemptions left out): how often and the points spent in all. */
export interface RedemptionSummary {
  rewardId: number;
  type: RewardType;
  redemptions: number;
  pointsSpent: number;
}

/** Every query of the rewards context; methods take the manager so they run inside a transaction too. */
export class RewardsRepository {
  /** Member rows are the members context's: read and locked through its repository. */
  private readonly members = new MembersRepository();

  findReward(manager: EntityManager, id: number): Promise<Reward | null> {
    return manager.findOne(Reward, { where: { id } });
  }

  findRewardByCode(manager: EntityManager, code: string): Promise<Reward | null> {
    return manager.findOne(Reward, { where: { code } });
  }

  findRewards(manager: EntityManager, ids: readonly number[]): Promise<Reward[]> {
    return ids.length ? manager.find(Reward, { where: { id: In([...ids]) } }) : Promise.resolve([]);
  }

  /** One page by id order; callers fetch `first + 1` rows. */
  listRewards(
    manager: EntityManager,
    filter: RewardListFilter,
    afterId: number | null,
    limit: number,
  ): Promise<Reward[]> {
    const query = this.filtered(manager, filter).orderBy('reward.id', 'ASC').limit(limit);
    if (afterId !== null) query.andWhere('reward.id > :afterId', { afterId });
    return query.getMany();
  }

  countRewards(manager: EntityManager, filter: RewardListFilter): Promise<number> {
    return this.filtered(manager, filter).getCount();
  }

  /** Every offered reward a benefit job issues (few rows: the catalog's benefit flags). */
  benefitRewards(manager: EntityManager, benefit: BenefitKind, now: Date): Promise<Reward[]> {
    const flag = benefit === BenefitKind.BIRTHDAY ? 'birthdayGift' : 'memberDayBenefit';
    return this.filtered(manager, { offeredAt: now })
      .andWhere(`reward.${flag} = :yes`, { yes: true })
      .orderBy('reward.id', 'ASC')
      .getMany();
  }

  /** The distinct tier codes rewards are restricted to (a handful: the ladder). */
  async tierCodesInUse(manager: EntityManager): Promise<string[]> {
    const rows = await manager
      .createQueryBuilder(Reward, 'reward')
      .select('DISTINCT reward.minimumTierCode', 'code')
      .where('reward.minimumTierCode IS NOT NULL')
      .getRawMany<{ code: string }>();
    return rows.map((row) => row.code);
  }

  private filtered(manager: EntityManager, filter: RewardListFilter): SelectQueryBuilder<Reward> {
    const query = manager.createQueryBuilder(Reward, 'reward');
    if (filter.type) query.andWhere('reward.type = :type', { type: filter.type });
    if (filter.offeredAt) {
      query
        .andWhere('reward.active = :active', { active: true })
        .andWhere('(reward.validFrom IS NULL OR reward.validFrom <= :now)', { now: filter.offeredAt })
        .andWhere('(reward.validUntil IS NULL OR reward.validUntil > :now)', { now: filter.offeredAt });
    }
    if (filter.inStock) {
      query
        .andWhere('(reward.stock IS NULL OR reward.stock >= 1)')
        .andWhere('(reward.globalLimit IS NULL OR reward.redeemedCount < reward.globalLimit)');
    }
    if (filter.maxPrice !== undefined && filter.maxPrice !== null) {
      query.andWhere('reward.pointsPrice <= :maxPrice', { maxPrice: filter.maxPrice });
    }
    if (filter.tierCodes) {
      if (filter.tierCodes.length === 0) query.andWhere('reward.minimumTierCode IS NULL');
      else {
        query.andWhere('(reward.minimumTierCode IS NULL OR reward.minimumTierCode IN (:...tierCodes))', {
          tierCodes: filter.tierCodes,
        });
      }
    }
    return query;
  }

  async insertReward(manager: EntityManager, values: Partial<Reward>): Promise<number> {
    const now = clock.now();
    const result = await manager.insert(Reward, { createdAt: now, updatedAt: now, ...values });
    return Number(result.identifiers[0].id);
  }

  async updateReward(manager: EntityManager, id: number, values: Partial<Reward>): Promise<void> {
    await manager.update(Reward, { id }, { ...values, updatedAt: clock.now() });
  }

  /**
   * Takes one unit: one statement that decrements the stock (when limited) and counts the redemption,
   * only while a unit is left and the global limit allows. Concurrent callers queue on the row lock and
   * re-check the condition, so stock never goes below zero and the limit is never passed.
   */
  async takeUnit(manager: EntityManager, rewardId: number): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(Reward)
      .set({
        stock: () => 'CASE WHEN stock IS NULL THEN NULL ELSE stock - 1 END',
        redeemedCount: () => 'redeemedCount + 1',
        updatedAt: clock.now(),
      })
      .where('id = :rewardId', { rewardId })
      .andWhere('(stock IS NULL OR stock >= 1)')
      .andWhere('(globalLimit IS NULL OR redeemedCount < globalLimit)')
      .execute();
    return result.affected === 1;
  }

  rewardQuery(manager: EntityManager, id: number): SelectQueryBuilder<Reward> {
    return manager.createQueryBuilder(Reward, 'reward').where('reward.id = :id', { id });
  }

  /**
   * Adds (or, negative, removes) units relative to the stock as it is at that moment, so a restock
   * never overwrites the decrements of redemptions running at the same time. Only for limited stock,
   * and never below zero.
   */
  async adjustStock(manager: EntityManager, rewardId: number, quantity: number): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(Reward)
      .set({ stock: () => 'stock + :quantity', updatedAt: clock.now() })
      .where('id = :rewardId AND stock IS NOT NULL AND stock + :quantity >= 0', { rewardId, quantity })
      .execute();
    return result.affected === 1;
  }

  /** Puts a unit back after a cancellation. */
  async returnUnit(manager: EntityManager, rewardId: number): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(Reward)
      .set({
        stock: () => 'CASE WHEN stock IS NULL THEN NULL ELSE stock + 1 END',
        redeemedCount: () => 'CASE WHEN redeemedCount > 0 THEN redeemedCount - 1 ELSE 0 END',
        updatedAt: clock.now(),
      })
      .where('id = :rewardId', { rewardId })
      .execute();
  }

  /** Locks and returns the member row, so one member's redemptions run one after another. */
  memberQuery(manager: EntityManager, memberId: number): SelectQueryBuilder<Member> {
    return this.members.rowQuery(manager, memberId);
  }

  /** The member's redemptions that stand (not cancelled), one row per reward: for reward recommendations. */
  async redemptionSummary(manager: EntityManager, memberId: number): Promise<RedemptionSummary[]> {
    const rows = await manager
      .createQueryBuilder(RewardRedemption, 'redemption')
      .innerJoin(Reward, 'reward', 'reward.id = redemption.rewardId')
      .select('redemption.rewardId', 'rewardId')
      .addSelect('reward.type', 'type')
      .addSelect('COUNT(*)', 'redemptions')
      .addSelect('SUM(redemption.pointsSpent)', 'pointsSpent')
      .where('redemption.memberId = :memberId AND redemption.status = :status', {
        memberId,
        status: RedemptionStatus.REDEEMED,
      })
      .groupBy('redemption.rewardId')
      .addGroupBy('reward.type')
      .getRawMany<{
        rewardId: number | string;
        type: RewardType;
        redemptions: number | string;
        pointsSpent: number | string;
      }>();
    return rows.map((row) => ({
      rewardId: Number(row.rewardId),
      type: row.type,
      redemptions: Number(row.redemptions),
      pointsSpent: Number(row.pointsSpent),
    }));
  }

  /** The member's redemptions of a reward that count against its per-member limit. */
  liveRedemptionsQuery(
    manager: EntityManager,
    memberId: number,
    rewardId: number,
  ): SelectQueryBuilder<RewardRedemption> {
    return manager
      .createQueryBuilder(RewardRedemption, 'redemption')
      .select(['redemption.id'])
      .where('redemption.memberId = :memberId AND redemption.rewardId = :rewardId', { memberId, rewardId })
      .andWhere('redemption.status = :status', { status: RedemptionStatus.REDEEMED });
  }

  async insertRedemption(manager: EntityManager, values: Partial<RewardRedemption>): Promise<number> {
    const result = await manager.insert(RewardRedemption, values);
    return Number(result.identifiers[0].id);
  }

  async setLedgerEntry(manager: EntityManager, id: number, ledgerEntryId: number | null): Promise<void> {
    await manager.update(RewardRedemption, { id }, { ledgerEntryId });
  }

  findRedemption(manager: EntityManager, id: number): Promise<RewardRedemption | null> {
    return manager.findOne(RewardRedemption, { where: { id } });
  }

  findRedemptions(manager: EntityManager, ids: readonly number[]): Promise<RewardRedemption[]> {
    return ids.length ? manager.find(RewardRedemption, { where: { id: In([...ids]) } }) : Promise.resolve([]);
  }

  /**
   * REDEEMED → CANCELLED, once: the second of two concurrent cancellations changes nothing.
   * `onlyUnshipped` (a member's own cancellation) also refuses a gift that has left the warehouse.
   */
  async cancelRedemptionIf(
    manager: EntityManager,
    id: number,
    at: Date,
    options: { onlyUnshipped: boolean },
  ): Promise<boolean> {
    const query = manager
      .createQueryBuilder()
      .update(RewardRedemption)
      .set({ status: RedemptionStatus.CANCELLED, cancelledAt: at, updatedAt: at })
      .where('id = :id AND status = :status', { id, status: RedemptionStatus.REDEEMED });
    if (options.onlyUnshipped) {
      query.andWhere('(fulfilmentStatus IS NULL OR fulfilmentStatus = :pending)', {
        pending: FulfilmentStatus.PENDING,
      });
    }
    const result = await query.execute();
    return result.affected === 1;
  }

  async updateFulfilmentIf(
    manager: EntityManager,
    id: number,
    from: FulfilmentStatus,
    to: FulfilmentStatus,
  ): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(RewardRedemption)
      .set({ fulfilmentStatus: to, updatedAt: clock.now() })
      .where('id = :id AND status = :status AND fulfilmentStatus = :from', {
        id,
        status: RedemptionStatus.REDEEMED,
        from,
      })
      .execute();
    return result.affected === 1;
  }

  async insertCoupon(manager: EntityManager, values: Partial<Coupon>): Promise<number> {
    const result = await manager.insert(Coupon, values);
    return Number(result.identifiers[0].id);
  }

  findCoupon(manager: EntityManager, id: number): Promise<Coupon | null> {
    return manager.findOne(Coupon, { where: { id } });
  }

  findCouponByCode(manager: EntityManager, code: string): Promise<Coupon | null> {
    return manager.findOne(Coupon, { where: { code } });
  }

  findCoupons(manager: EntityManager, ids: readonly number[]): Promise<Coupon[]> {
    return ids.length ? manager.find(Coupon, { where: { id: In([...ids]) } }) : Promise.resolve([]);
  }

  /** The coupons re-issued for these ones. */
  couponsReplacing(manager: EntityManager, ids: readonly number[]): Promise<Coupon[]> {
    return ids.length
      ? manager.find(Coupon, { where: { replacesCouponId: In([...ids]) } })
      : Promise.resolve([]);
  }

  couponsOfRedemptions(manager: EntityManager, redemptionIds: readonly number[]): Promise<Coupon[]> {
    return redemptionIds.length
      ? manager.find(Coupon, { where: { redemptionId: In([...redemptionIds]) } })
      : Promise.resolve([]);
  }

  /** ISSUED and not past its end → USED, in one conditional statement. */
  async useCouponIfUsable(manager: EntityManager, id: number, at: Date): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(Coupon)
      .set({ status: CouponStatus.USED, usedAt: at, updatedAt: at })
      .where('id = :id AND status = :status', { id, status: CouponStatus.ISSUED })
      .andWhere('(validUntil IS NULL OR validUntil > :at)', { at })
      .execute();
    return result.affected === 1;
  }

  /**
   * A cancelled redemption withdraws its coupon. `onlyUsable` (a member's own cancellation) withdraws
   * only an ISSUED, unexpired one; staff also withdraw an expired one. A USED coupon stays USED.
   */
  async cancelCouponOfRedemption(
    manager: EntityManager,
    redemptionId: number,
    at: Date,
    options: { onlyUsable: boolean },
  ): Promise<boolean> {
    const query = manager
      .createQueryBuilder()
      .update(Coupon)
      .set({ status: CouponStatus.CANCELLED, updatedAt: at })
      .where('redemptionId = :redemptionId', { redemptionId });
    if (options.onlyUsable) {
      query
        .andWhere('status = :issued', { issued: CouponStatus.ISSUED })
        .andWhere('(validUntil IS NULL OR validUntil > :at)', { at });
    } else {
      query.andWhere('status IN (:...statuses)', { statuses: [CouponStatus.ISSUED, CouponStatus.EXPIRED] });
    }
    const result = await query.execute();
    return result.affected === 1;
  }

  /**
   * Support withdraws a coupon → VOID, in one conditional statement, so a second (or concurrent) void,
   * or a use meanwhile, changes nothing. `void` takes only an ISSUED, unexpired coupon; `reissue` also
   * an expired one (ISSUED past its end, or EXPIRED), and hands the redemption link to the new code
   * (the link is unique), so cancelling the redemption later withdraws the new code.
   */
  async voidCouponIf(
    manager: EntityManager,
    id: number,
    at: Date,
    options: { for: 'void' | 'reissue' },
  ): Promise<boolean> {
    const query = manager
      .createQueryBuilder()
      .update(Coupon)
      .set(
        options.for === 'reissue'
          ? { status: CouponStatus.VOID, redemptionId: null, updatedAt: at }
          : { status: CouponStatus.VOID, updatedAt: at },
      )
      .where('id = :id', { id });
    if (options.for === 'void') {
      query
        .andWhere('status = :issued', { issued: CouponStatus.ISSUED })
        .andWhere('(validUntil IS NULL OR validUntil > :at)', { at });
    } else {
      query.andWhere('status IN (:...statuses)', { statuses: [CouponStatus.ISSUED, CouponStatus.EXPIRED] });
    }
    const result = await query.execute();
    return result.affected === 1;
  }

  couponOfRedemption(manager: EntityManager, redemptionId: number): Promise<Coupon | null> {
    return manager.findOne(Coupon, { where: { redemptionId } });
  }

  async expireCoupons(manager: EntityManager, now: Date): Promise<number> {
    const result = await manager
      .createQueryBuilder()
      .update(Coupon)
      .set({ status: CouponStatus.EXPIRED, updatedAt: now })
      .where('status = :status AND validUntil IS NOT NULL AND validUntil <= :now', {
        status: CouponStatus.ISSUED,
        now,
      })
      .execute();
    return result.affected ?? 0;
  }

  /**
   * One page per member for many members in ONE statement: the newest `limit` rows of each member
   * (ROW_NUMBER() over the member's rows, supported by SQLite 3.25+ and MariaDB 10.2+), so a members
   * list with coupons costs the same statement count for 5 or 100 members.
   */
  couponsPage(
    manager: EntityManager,
    memberIds: readonly number[],
    options: { status: CouponStatus | null; beforeId: number | null; limit: number },
  ): Promise<Coupon[]> {
    return this.pageOf(manager, Coupon, memberIds, options, (query) => {
      if (options.status) query.andWhere('inner_row.status = :status', { status: options.status });
    });
  }

  redemptionsPage(
    manager: EntityManager,
    memberIds: readonly number[],
    options: { beforeId: number | null; limit: number },
  ): Promise<RewardRedemption[]> {
    return this.pageOf(manager, RewardRedemption, memberIds, options, () => {});
  }

  private pageOf<T extends { id: number; memberId: number }>(
    manager: EntityManager,
    entity: new () => T,
    memberIds: readonly number[],
    options: { beforeId: number | null; limit: number },
    narrow: (query: SelectQueryBuilder<T>) => void,
  ): Promise<T[]> {
    if (memberIds.length === 0) return Promise.resolve([]);
    const ranked = manager
      .createQueryBuilder(entity, 'inner_row')
      .select('inner_row.id', 'id')
      .addSelect(
        'ROW_NUMBER() OVER (PARTITION BY inner_row.memberId ORDER BY inner_row.id DESC)',
        'pageIndex',
      )
      .where('inner_row.memberId IN (:...memberIds)', { memberIds: [...memberIds] });
    if (options.beforeId !== null)
      ranked.andWhere('inner_row.id < :beforeId', { beforeId: options.beforeId });
    narrow(ranked);
    return manager
      .createQueryBuilder(entity, 'row')
      .where(
        `row.id IN (SELECT ranked.id FROM (${ranked.getQuery()}) ranked WHERE ranked.pageIndex <= :limit)`,
      )
      .setParameters({ ...ranked.getParameters(), limit: options.limit })
      .orderBy('row.id', 'DESC')
      .getMany();
  }

  async insertGrant(
    manager: EntityManager,
    memberId: number,
    benefit: BenefitKind,
    period: string,
    at: Date,
  ): Promise<void> {
    await manager.insert(BenefitGrant, { memberId, benefit, period, grantedAt: at });
  }

  /**
   * One batch of ACTIVE members, by id, that have not had `benefit` for `period`; `birthdaySuffixes`
   * narrows to birthdays on those `-MM-DD` endings.
   */
  async membersDue(
    manager: EntityManager,
    options: {
      benefit: BenefitKind;
      period: string;
      birthdaySuffixes?: string[];
      afterId: number;
      limit: number;
    },
  ): Promise<Member[]> {
    const granted = manager
      .createQueryBuilder(BenefitGrant, 'grant_row')
      .select('1')
      .where('grant_row.memberId = member.id')
      .andWhere('grant_row.benefit = :benefit AND grant_row.period = :period', {
        benefit: options.benefit,
        period: options.period,
      });
    return this.members
      .activeMembersQuery(manager, options)
      .andWhere(`NOT EXISTS (${granted.getQuery()})`, granted.getParameters())
      .getMany();
  }

  referralCodesOf(manager: EntityManager, memberIds: readonly number[]): Promise<ReferralCode[]> {
    return memberIds.length
      ? manager.find(ReferralCode, { where: { memberId: In([...memberIds]) } })
      : Promise.resolve([]);
  }

  async insertReferralCodes(manager: EntityManager, rows: { memberId: number; code: string }[]) {
    const createdAt = clock.now();
    await manager.insert(
      ReferralCode,
      rows.map((row) => ({ ...row, createdAt })),
    );
  }

  findReferralCode(manager: EntityManager, code: string): Promise<ReferralCode | null> {
    return manager.findOne(ReferralCode, { where: { code } });
  }

  findReferralOf(manager: EntityManager, refereeId: number): Promise<Referral | null> {
    return manager.findOne(Referral, { where: { refereeId } });
  }

  async insertReferral(manager: EntityManager, values: Partial<Referral>): Promise<number> {
    const result = await manager.insert(Referral, values);
    return Number(result.identifiers[0].id);
  }

  async markReferralRewardedIfPending(
    manager: EntityManager,
    id: number,
    orderId: number,
    at: Date,
  ): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(Referral)
      .set({ status: ReferralStatus.REWARDED, orderId, rewardedAt: at })
      .where('id = :id AND status = :status', { id, status: ReferralStatus.PENDING })
      .execute();
    return result.affected === 1;
  }
}
