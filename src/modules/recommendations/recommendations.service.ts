import { assertCanAccessMember } from '../../auth/member-access';
import { BadUserInputError, ConflictError, NotFoundError } from '../../common/errors';
import type { RequestContext } from '../../common/request-context';
import type { Database } from '../../data/database';
import { isUniqueViolation } from '../../data/database-errors';
import type { AuditService } from '../audit';
import type { Product } from '../catalog';
import { isActiveMembership, isRetiredMembership, type MembersRepository } from '../members';
import type { RedemptionSummary, Reward } from '../rewards';
import { parseId } from '../../common/ids';
import { DEFAULT_PARAMS } from './model-params';
import { rankProducts, type CandidateProduct, type RankingOptions } from './product-ranking';
import { RecommendationItemType } from './recommendation-dismissal.entity';
import { rankRewards, RewardRankingReason } from './reward-ranking';
import type { RecommendationsRepository } from './recommendations.repository';
import {
  RewardReasonKind,
  type DismissRecommendationPayload,
  type ProductRecommendation,
  type RewardRecommendation,
} from './recommendations.types';
import { clock } from '../../common/clock';

/**
 * Where reward recommendations come from (owned by the rewards context, through its index.ts): what the
 * member can redeem now, their available points, and their standing redemptions per reward.
 */
export interface RecommendableRewardsSource {
  recommendable(
    ctx: RequestContext,
    memberId: number,
    limit: number,
  ): Promise<{ available: number; rewards: Reward[]; redeemed: RedemptionSummary[] }>;
  exists(rewardId: number): Promise<boolean>;
}

/** The member's products considered (most bought first) and the popular heads read per request. */
const HISTORY_LIMIT = 200;
const POPULAR_LIMIT = 100;
const REWARD_CANDIDATES = 1000;

function attributesOf(product: Product): Record<string, string> {
  try {
    const list = JSON.parse(product.attributesJson) as { name: string; value: string }[];
    return Object.fromEntries(list.map((a) => [a.name, a.value]));
  } catch {
    return {};
  }
}

/**
 * Recommendations for one member, read from the model the recompute job maintains: a fixed number of
 * statements whatever `first` is (history, dismissals, neighbours, popular heads, candidate products).
 */
export class RecommendationsService {
  constructor(
    private readonly db: Database,
    private readonly repository: RecommendationsRepository,
    private readonly members: MembersRepository,
    private readonly rewardSource: RecommendableRewardsSource,
    private readonly audit: AuditService,
  ) {}

  async products(
    ctx: RequestContext,
    memberId: number,
    options: RankingOptions,
  ): Promise<ProductRecommendation[]> {
    assertCanAccessMember(ctx.principal, memberId);
    const manager = this.db.manager;
    const [member, history, dismissed] = await Promise.all([
      this.members.findById(manager, memberId),
      this.repository.history(manager, memberId, HISTORY_LIMIT),
      this.repository.dismissedIds(manager, memberId, RecommendationItemType.PRODUCT),
    ]);
    if (!member) throw new NotFoundError('Member', memberId);
    const historyIds = history.map((item) => item.productId);
    const [owned, neighbours, popular] = await Promise.all([
      this.repository.products(manager, historyIds),
      this.repository.neighboursOf(manager, historyIds),
      this.repository.popularProductIds(manager, { category: options.category }, POPULAR_LIMIT),
    ]);
    const categories = [...new Set(owned.map((product) => product.category))];
    const fromTaste = historyIds.length
      ? await this.repository.popularProductIds(
          manager,
          { categories, category: options.category },
          POPULAR_LIMIT,
        )
      : [];
    const known = new Map(owned.map((product) => [product.id, product]));
    const candidateIds = new Set([
      ...historyIds,
      ...popular,
      ...fromTaste,
      ...[...neighbours.values()].flat().map((n) => n.neighbourId),
    ]);
    // The history holds the most bought products only: a product bought less often is found here.
    const notInHistory = [...candidateIds].filter((id) => !known.has(id));
    const [others, buyers, purchased] = await Promise.all([
      this.repository.products(manager, notInHistory),
      this.repository.buyersOf(manager, [...candidateIds]),
      options.excludePurchased
        ? this.repository.purchasedAmong(manager, memberId, notInHistory)
        : Promise.resolve(new Set<number>()),
    ]);
    for (const product of others) known.set(product.id, product);
    const candidates = new Map<number, CandidateProduct>(
      [...known.values()].map((product) => [
        product.id,
        {
          id: product.id,
          title: product.title,
          category: product.category,
          attributes: attributesOf(product),
          sustainable: Boolean(product.sustainable),
          active: Boolean(product.active),
          buyers: buyers.get(product.id) ?? 0,
          availableFrom: product.createdAt,
        },
      ]),
    );
    const ranked = rankProducts({
      history: history.map((item) => ({
        productId: item.productId,
        purchases: item.purchases,
        firstPurchasedAt: new Date(item.firstPurchasedAt),
        lastPurchasedAt: new Date(item.lastPurchasedAt),
      })),
      neighbours,
      products: candidates,
      dismissed,
      purchased,
      options,
      now: clock.now(),
      params: DEFAULT_PARAMS,
    });
    return ranked.map((item) => ({
      product: known.get(item.productId)!,
      score: item.score,
      reason: {
        kind: item.reason.kind,
        text: item.reason.text,
        relatedProduct:
          item.reason.relatedProductId === null ? null : (known.get(item.reason.relatedProductId) ?? null),
      },
    }));
  }

  /** The rewards the member can redeem now, most likely to be redeemed (and worth most) first: see reward-ranking.ts. */
  async rewards(ctx: RequestContext, memberId: number, first: number): Promise<RewardRecommendation[]> {
    assertCanAccessMember(ctx.principal, memberId);
    const manager = this.db.manager;
    const member = await this.members.findById(manager, memberId);
    if (!member) throw new NotFoundError('Member', memberId);
    if (!isActiveMembership(member)) return [];
    const [source, dismissed] = await Promise.all([
      this.rewardSource.recommendable(ctx, memberId, REWARD_CANDIDATES),
      this.repository.dismissedIds(manager, memberId, RecommendationItemType.REWARD),
    ]);
    const byId = new Map(source.rewards.map((reward) => [reward.id, reward]));
    const ranked = rankRewards({
      candidates: source.rewards,
      redeemed: source.redeemed,
      available: source.available,
      dismissed,
      limit: first,
    });
    return ranked.map((item) => {
      const reward = byId.get(item.rewardId)!;
      return { reward, reason: rewardReason(item.reason, reward, source.available) };
    });
  }

  /** Dismissing is idempotent: the second time changes nothing and says so. */
  async dismiss(
    ctx: RequestContext,
    memberId: number,
    itemType: RecommendationItemType,
    rawItemId: string,
  ): Promise<DismissRecommendationPayload> {
    assertCanAccessMember(ctx.principal, memberId);
    const itemId = parseId(rawItemId, 'itemId', 'a recommended item id');
    return this.db.transaction(async (manager) => {
      const member = await this.members.findById(manager, memberId);
      if (!member) throw new NotFoundError('Member', memberId);
      if (isRetiredMembership(member)) {
        throw new ConflictError(`Member ${memberId} is ${member.status}`, { status: member.status });
      }
      const payload = { itemType, itemId: String(itemId) };
      if (await this.repository.findDismissal(manager, memberId, itemType, itemId)) {
        return { ...payload, alreadyDismissed: true };
      }
      if (
        itemType === RecommendationItemType.PRODUCT &&
        !(await this.repository.products(manager, [itemId])).length
      ) {
        throw new NotFoundError('Product', itemId);
      }
      if (itemType === RecommendationItemType.REWARD && !(await this.rewardSource.exists(itemId))) {
        throw new NotFoundError('Reward', itemId);
      }
      try {
        await this.repository.insertDismissal(manager, {
          memberId,
          itemType,
          itemId,
          dismissedAt: clock.now(),
        });
      } catch (error) {
        if (isUniqueViolation(error)) return { ...payload, alreadyDismissed: true };
        throw error;
      }
      await this.audit.record(ctx, manager, {
        action: 'recommendation.dismiss',
        targetType: 'member',
        targetId: memberId,
        after: payload,
      });
      return { ...payload, alreadyDismissed: false };
    });
  }
}

const TYPE_NAMES: Record<string, string> = {
  COUPON: 'coupons',
  DISCOUNT: 'discounts',
  GIFT: 'gifts',
  PARTNER_VOUCHER: 'partner vouchers',
};

function rewardReason(kind: RewardRankingReason, reward: Reward, available: number) {
  const left = `it leaves you ${available - reward.pointsPrice} of your ${available} points`;
  const text = {
    [RewardRankingReason.REDEEMED_BEFORE]: `You redeemed it before; ${left}`,
    [RewardRankingReason.LIKE_YOUR_REDEMPTIONS]: `Like the ${TYPE_NAMES[reward.type] ?? 'rewards'} you redeem most; ${left}`,
    [RewardRankingReason.TIER_EXCLUSIVE]: `Exclusive to ${reward.minimumTierCode} members and up, and within your points`,
    [RewardRankingReason.AFFORDABLE]: `You have the ${reward.pointsPrice} points it costs; ${left}`,
  }[kind];
  return { kind: RewardReasonKind[kind], text, relatedProduct: null };
}

export function invalidMember(): BadUserInputError {
  return BadUserInputError.field('memberId', 'memberId is required');
}
