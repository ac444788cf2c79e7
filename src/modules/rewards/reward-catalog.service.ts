import type { EntityManager } from 'typeorm';
import { assertCanAccessMember } from '../../auth/member-access';
import { BadUserInputError, ConflictError, NotFoundError } from '../../common/errors';
import type { RequestContext } from '../../common/request-context';
import type { Database } from '../../data/database';
import { isUniqueViolation } from '../../data/database-errors';
import type { AuditService } from '../audit';
import type { PointsLedger } from '../points';
import { validateRewardDefinition } from './reward-definition.rules';
import type { Reward } from './reward.entity';
import type { CreateRewardInput, UpdateRewardInput } from './reward.inputs';
import { rewardSnapshot } from './reward-snapshot';
import type { RedemptionSummary, RewardListFilter, RewardsRepository } from './rewards.repository';
import type { TierAccess } from './tier-access';
import { clock } from '../../common/clock';

export interface RewardQuery {
  type?: RewardListFilter['type'];
  activeOnly: boolean;
  affordableFor?: number | null;
}

/** The catalog: listing for everyone, definition for admins (validated across fields, audited). */
export class RewardCatalogService {
  constructor(
    private readonly db: Database,
    private readonly repository: RewardsRepository,
    private readonly audit: AuditService,
    private readonly ledger: PointsLedger,
    private readonly tiers: TierAccess,
  ) {}

  async getById(id: number): Promise<Reward> {
    const reward = await this.repository.findReward(this.db.manager, id);
    if (!reward) throw new NotFoundError('Reward', id);
    return reward;
  }

  async exists(id: number): Promise<boolean> {
    return (await this.repository.findReward(this.db.manager, id)) !== null;
  }

  /** One page by id order (`limit` rows) and a lazy count of all matches. */
  async list(ctx: RequestContext, query: RewardQuery, afterId: number | null, limit: number) {
    const filter = await this.toFilter(ctx, query);
    return {
      rows: await this.repository.listRewards(this.db.manager, filter, afterId, limit),
      count: () => this.repository.countRewards(this.db.manager, filter),
    };
  }

  /**
   * What reward recommendations rank (for the recommendations context): the offered rewards the member
   * can redeem now (in stock, within their available points and tier, `limit` at most), the available
   * points, and the member's standing redemptions per reward.
   */
  async recommendable(
    ctx: RequestContext,
    memberId: number,
    limit: number,
  ): Promise<{ available: number; rewards: Reward[]; redeemed: RedemptionSummary[] }> {
    const [filter, redeemed] = await Promise.all([
      this.toFilter(ctx, { activeOnly: true, affordableFor: memberId }),
      this.repository.redemptionSummary(this.db.manager, memberId),
    ]);
    return {
      available: filter.maxPrice ?? 0,
      rewards: await this.repository.listRewards(this.db.manager, filter, null, limit),
      redeemed,
    };
  }

  private async toFilter(ctx: RequestContext, query: RewardQuery): Promise<RewardListFilter> {
    const now = clock.now();
    const filter: RewardListFilter = { type: query.type, offeredAt: query.activeOnly ? now : null };
    if (query.affordableFor === undefined || query.affordableFor === null) return filter;
    const memberId = query.affordableFor;
    assertCanAccessMember(ctx.principal, memberId);
    const manager = this.db.manager;
    const [balance, memberRank] = await Promise.all([
      this.ledger.balanceOf(manager, memberId),
      this.tiers.rankOf(manager, memberId),
    ]);
    const required = await this.tiers.requiredRanks(manager, await this.repository.tierCodesInUse(manager));
    const eligibleCodes = [...required].filter(([, rank]) => rank !== null && rank <= memberRank);
    return {
      ...filter,
      offeredAt: now,
      inStock: true,
      maxPrice: balance.available,
      tierCodes: eligibleCodes.map(([code]) => code),
    };
  }

  async create(ctx: RequestContext, input: CreateRewardInput): Promise<Reward> {
    const values: Partial<Reward> = {
      code: input.code,
      name: input.name.trim(),
      description: input.description?.trim() || null,
      type: input.type,
      pointsPrice: input.pointsPrice,
      stock: input.stock ?? null,
      validFrom: input.validFrom ?? null,
      validUntil: input.validUntil ?? null,
      perMemberLimit: input.perMemberLimit ?? null,
      globalLimit: input.globalLimit ?? null,
      minimumTierCode: input.minimumTierCode ?? null,
      discountKind: input.discountKind ?? null,
      discountValue: input.discountValue ?? null,
      discountCurrency: input.discountCurrency ?? null,
      couponValidityDays: input.couponValidityDays ?? null,
      partnerName: input.partnerName?.trim() || null,
      birthdayGift: input.birthdayGift,
      memberDayBenefit: input.memberDayBenefit,
      active: input.active,
      redeemedCount: 0,
    };
    return this.write(async (manager) => {
      await this.assertValid(manager, values as Reward);
      if (await this.repository.findRewardByCode(manager, input.code)) throw codeTaken(input.code);
      const id = await this.repository.insertReward(manager, values);
      const reward = (await this.repository.findReward(manager, id))!;
      await this.audit.record(ctx, manager, {
        action: 'reward.create',
        targetType: 'reward',
        targetId: id,
        after: rewardSnapshot(reward),
      });
      return reward;
    });
  }

  async update(ctx: RequestContext, id: number, input: UpdateRewardInput): Promise<Reward> {
    return this.write(async (manager) => {
      const before = await this.repository.findReward(manager, id);
      if (!before) throw new NotFoundError('Reward', id);
      const changes: Partial<Reward> = {};
      for (const [key, value] of Object.entries(input) as [keyof Reward, unknown][]) {
        if (value === undefined) continue;
        const normalized = typeof value === 'string' ? value.trim() || null : value;
        Object.assign(changes, { [key]: normalized });
      }
      for (const key of ['name', 'pointsPrice', 'birthdayGift', 'memberDayBenefit', 'active'] as const) {
        if (changes[key] === null) throw BadUserInputError.field(key, `${key} cannot be cleared`);
      }
      await this.assertValid(manager, { ...before, ...changes });
      if (Object.keys(changes).length > 0) await this.repository.updateReward(manager, id, changes);
      const after = (await this.repository.findReward(manager, id))!;
      await this.audit.record(ctx, manager, {
        action: 'reward.update',
        targetType: 'reward',
        targetId: id,
        before: rewardSnapshot(before),
        after: rewardSnapshot(after),
      });
      return after;
    });
  }

  /** Relative stock change (a delivery arrived, units were damaged): safe while redemptions run. */
  async restock(ctx: RequestContext, id: number, quantity: number, reason: string): Promise<Reward> {
    return this.write(async (manager) => {
      const before = await this.repository.findReward(manager, id);
      if (!before) throw new NotFoundError('Reward', id);
      if (before.stock === null) {
        throw BadUserInputError.field(
          'id',
          'This reward has unlimited stock; set a stock with updateReward first',
        );
      }
      if (!(await this.repository.adjustStock(manager, id, quantity))) {
        throw BadUserInputError.field('quantity', 'The stock cannot go below zero');
      }
      const after = (await this.repository.findReward(manager, id))!;
      await this.audit.record(ctx, manager, {
        action: 'reward.restock',
        targetType: 'reward',
        targetId: id,
        before: { stock: before.stock },
        after: { stock: after.stock, quantity, reason },
      });
      return after;
    });
  }

  private async assertValid(manager: EntityManager, reward: Reward): Promise<void> {
    const problems = validateRewardDefinition(reward);
    if (reward.minimumTierCode !== null) {
      const rank = await this.tiers.requiredRanks(manager, [reward.minimumTierCode]);
      if (rank.get(reward.minimumTierCode) === null) {
        problems.push({ field: 'minimumTierCode', messages: [`there is no tier ${reward.minimumTierCode}`] });
      }
    }
    if (problems.length > 0) throw new BadUserInputError('The reward definition is not consistent', problems);
  }

  /** Two admins creating the same code at once: the unique key answers, as a CONFLICT. */
  private async write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction(work);
    } catch (error) {
      if (isUniqueViolation(error))
        throw new ConflictError('A reward with this code already exists', { field: 'code' });
      throw error;
    }
  }
}

function codeTaken(code: string): ConflictError {
  return new ConflictError(`A reward with the code ${code} already exists`, { field: 'code' });
}
