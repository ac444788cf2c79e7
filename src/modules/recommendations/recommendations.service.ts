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
import { DEFAULT_PARAMS, NEW_PRODUCT_MAX_BUYERS } from './model-params';
import {
  rankProducts,
  SUSTAINABLE_FAVOUR,
  type CandidateProduct,
  type HistoryItem,
  type RankedProduct,
  type RankingOptions,
} from './product-ranking';
import { RecommendationItemType } from './recommendation-dismissal.entity';
import { rankRewards, RewardRankingReason } from './reward-ranking';
import type { CandidateFacts, RecommendationsRepository } from './recommendations.repository';
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

/** Rounding of scores (4 decimals) and floating sums, with room to spare. */
const SCORE_MARGIN = 0.001;
/** A stand-in's category: matches no real category (so no content or cold-start part), passes the filter. */
const NO_CATEGORY = '\u0000';

function candidateOf(product: Product, buyers: number): CandidateProduct {
  return {
    id: product.id,
    title: product.title,
    category: product.category,
    attributes: attributesOf(product),
    sustainable: Boolean(product.sustainable),
    active: Boolean(product.active),
    buyers,
    availableFrom: product.createdAt,
  };
}

/**
 * A candidate not read from the catalog: the same CF, popularity and eligibility as the product (facts
 * from this context's tables; listed = active and within the category asked for), but no category,
 * attributes, launch date or sustainable flag, so its score is a lower bound of the product's.
 */
function standIn(id: number, facts: CandidateFacts, category: string | null | undefined): CandidateProduct {
  return {
    id,
    title: '',
    category: category ? `${category}/${NO_CATEGORY}` : NO_CATEGORY,
    attributes: {},
    sustainable: false,
    active: facts.listed,
    buyers: facts.buyers,
    availableFrom: null,
  };
}

/**
 * The other products (not the member's own) that can reach the page, from a ranking where they are all
 * stand-ins. A product's score can exceed its stand-in's by the content and cold-start parts at most
 * (each at most the member's largest category share, the cold start only under NEW_PRODUCT_MAX_BUYERS
 * buyers) and by the sustainable favour; the other parts and the scaling (the best CF and popularity
 * among eligible candidates) are the same. Whatever cannot reach the `first`-th stand-in score (a lower
 * bound of the page's last score) is left out. At least one is kept, so the statements a page costs do
 * not depend on its size.
 */
function mayReachPage(input: {
  ranked: readonly RankedProduct[];
  others: readonly number[];
  facts: ReadonlyMap<number, CandidateFacts>;
  history: readonly HistoryItem[];
  owned: readonly Product[];
  options: RankingOptions;
}): number[] {
  const { ranked, others, facts, history, owned, options } = input;
  if (!others.length) return [];
  const threshold = ranked.length >= options.first ? ranked[options.first - 1].score : 0;
  const categoryOf = new Map(owned.map((product) => [product.id, product.category]));
  const total = history.reduce((sum, item) => sum + item.purchases, 0);
  const shares = new Map<string, number>();
  for (const item of history) {
    const category = categoryOf.get(item.productId);
    if (category !== undefined) shares.set(category, (shares.get(category) ?? 0) + item.purchases / total);
  }
  const share = Math.max(0, ...shares.values());
  const weights = options.excludePurchased ? DEFAULT_PARAMS.weights.newToMember : DEFAULT_PARAMS.weights.all;
  const favour = options.favourSustainable ? SUSTAINABLE_FAVOUR : 1;
  const scores = new Map(ranked.map((item) => [item.productId, item.score]));
  const bound = (id: number) => {
    const fresh = facts.get(id)!.buyers < NEW_PRODUCT_MAX_BUYERS ? weights.fresh : 0;
    return ((scores.get(id) ?? 0) + SCORE_MARGIN + (weights.content + fresh) * share) * favour;
  };
  const needed = others.filter((id) => bound(id) >= threshold - SCORE_MARGIN);
  if (needed.length) return needed;
  return [others.reduce((best, id) => (bound(id) > bound(best) ? id : best))];
}

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
    const [member, history, dismissed, popular] = await Promise.all([
      this.members.findById(manager, memberId),
      this.repository.history(manager, memberId, HISTORY_LIMIT),
      this.repository.dismissedIds(manager, memberId, RecommendationItemType.PRODUCT),
      this.repository.popular(manager, memberId, { category: options.category }, POPULAR_LIMIT),
    ]);
    if (!member) throw new NotFoundError('Member', memberId);
    const historyIds = history.map((item) => item.productId);
    const [owned, near] = await Promise.all([
      this.repository.products(manager, historyIds),
      this.repository.neighbourhood(manager, memberId, historyIds, options.category),
    ]);
    const categories = [...new Set(owned.map((product) => product.category))];
    const fromTaste = historyIds.length
      ? await this.repository.popular(
          manager,
          memberId,
          { categories, category: options.category },
          POPULAR_LIMIT,
        )
      : [];
    // Every candidate's facts from this context's tables; only the member's own products are entities yet.
    const facts = new Map(near.facts);
    for (const { productId, facts: known } of [...popular, ...fromTaste]) facts.set(productId, known);
    const known = new Map(owned.map((product) => [product.id, product]));
    const ownIds = new Set(historyIds);
    const others = [...facts.keys()].filter((id) => !ownIds.has(id));
    const purchased = options.excludePurchased
      ? new Set(others.filter((id) => facts.get(id)!.purchased))
      : new Set<number>();
    const candidates = new Map<number, CandidateProduct>();
    for (const product of owned) {
      candidates.set(product.id, candidateOf(product, near.buyers.get(product.id) ?? 0));
    }
    for (const id of others) candidates.set(id, standIn(id, facts.get(id)!, options.category));
    const ranking = {
      history,
      neighbours: near.neighbours,
      dismissed,
      purchased,
      now: clock.now(),
      params: DEFAULT_PARAMS,
    };
    // Which other products can reach the page: see `mayReachPage`. Only those become entities.
    const needed = mayReachPage({
      ranked: rankProducts({
        ...ranking,
        products: candidates,
        options: { ...options, first: Number.MAX_SAFE_INTEGER },
      }),
      others: others.filter(
        (id) =>
          facts.get(id)!.listed && !dismissed.has(id) && !(options.excludePurchased && purchased.has(id)),
      ),
      facts,
      history,
      owned,
      options,
    });
    const readFromCatalog = async (ids: number[]) => {
      for (const product of await this.repository.products(manager, ids)) {
        known.set(product.id, product);
        candidates.set(product.id, candidateOf(product, facts.get(product.id)?.buyers ?? 0));
      }
    };
    await readFromCatalog(needed);
    let ranked = rankProducts({ ...ranking, products: candidates, options });
    if (ranked.some((item) => !known.has(item.productId))) {
      // A stand-in reached the page after all: a product gone from the catalog since its facts were
      // read, or a ranking signal the bound in `mayReachPage` does not know. Read every other
      // candidate (one statement more) and rank again, as the request did before the bound, rather
      // than answer with a stand-in or fail.
      await readFromCatalog(others.filter((id) => !known.has(id)));
      for (const id of others) if (!known.has(id)) candidates.delete(id);
      ranked = rankProducts({ ...ranking, products: candidates, options });
    }
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
