import DataLoader from 'dataloader';
import type { Database } from '../../data/database';
import type { LoaderRegistry } from '../../graphql/context';
import { createPointsLoaders, type PointsLedger } from '../points';
import type { Coupon } from './coupon.entity';
import type { ReferralService } from './referral.service';
import { compareAffordable, isTierEligible } from './reward-availability.rules';
import type { RewardRedemption } from './reward-redemption.entity';
import type { Reward } from './reward.entity';
import type { CouponStatus } from './reward.enums';
import type { RewardsRepository } from './rewards.repository';
import type { TierAccess } from './tier-access';
import { clock } from '../../common/clock';

/** At most this many offered rewards are considered for "what can I afford": the catalog's affordable head. */
export const AFFORDABLE_CANDIDATES = 1000;

export interface MemberPageKey {
  memberId: number;
  /** Rows to fetch per member (first + 1). */
  limit: number;
  beforeId: number | null;
  status?: CouponStatus | null;
}

export interface AffordableKey {
  memberId: number;
  first: number;
}

/**
 * Groups keys that share page arguments (a members list asks every member the same `first`, `after`,
 * `status`), so each group is one statement whatever the number of members.
 */
function pagedLoader<T extends { memberId: number }>(
  fetch: (memberIds: number[], key: MemberPageKey) => Promise<T[]>,
): DataLoader<MemberPageKey, T[], string> {
  return new DataLoader<MemberPageKey, T[], string>(
    async (keys) => {
      const groups = new Map<string, MemberPageKey[]>();
      for (const key of keys) {
        const group = JSON.stringify([key.limit, key.beforeId, key.status ?? null]);
        groups.set(group, [...(groups.get(group) ?? []), key]);
      }
      const results = new Map<MemberPageKey, T[]>();
      for (const group of groups.values()) {
        const rows = await fetch(
          group.map((key) => key.memberId),
          group[0],
        );
        for (const key of group)
          results.set(
            key,
            rows.filter((row) => row.memberId === key.memberId),
          );
      }
      return keys.map((key) => results.get(key)!);
    },
    { cacheKeyFn: (key) => JSON.stringify([key.memberId, key.limit, key.beforeId, key.status ?? null]) },
  );
}

/**
 * The rewards context's per-request loaders. Built by a factory that closes over the module's services
 * (ledger, tiers, referrals), created once per module so `ctx.loaders.get(factory)` keys on it.
 */
export function rewardLoadersFactory(deps: {
  repository: RewardsRepository;
  ledger: PointsLedger;
  tiers: TierAccess;
  referrals: ReferralService;
}) {
  const { repository, tiers, referrals } = deps;
  return (db: Database, loaders: LoaderRegistry) => ({
    rewardById: new DataLoader<number, Reward | null>(async (ids) => {
      const rows = await repository.findRewards(db.manager, ids);
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    redemptionById: new DataLoader<number, RewardRedemption | null>(async (ids) => {
      const rows = await repository.findRedemptions(db.manager, ids);
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    couponById: new DataLoader<number, Coupon | null>(async (ids) => {
      const rows = await repository.findCoupons(db.manager, ids);
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    couponReplacing: new DataLoader<number, Coupon | null>(async (ids) => {
      const rows = await repository.couponsReplacing(db.manager, ids);
      const byReplaced = new Map(rows.map((row) => [row.replacesCouponId, row]));
      return ids.map((id) => byReplaced.get(id) ?? null);
    }),
    couponByRedemptionId: new DataLoader<number, Coupon | null>(async (ids) => {
      const rows = await repository.couponsOfRedemptions(db.manager, ids);
      const byRedemption = new Map(rows.map((row) => [row.redemptionId, row]));
      return ids.map((id) => byRedemption.get(id) ?? null);
    }),
    couponsPage: pagedLoader<Coupon>((memberIds, key) =>
      repository.couponsPage(db.manager, memberIds, {
        status: key.status ?? null,
        beforeId: key.beforeId,
        limit: key.limit,
      }),
    ),
    redemptionsPage: pagedLoader<RewardRedemption>((memberIds, key) =>
      repository.redemptionsPage(db.manager, memberIds, { beforeId: key.beforeId, limit: key.limit }),
    ),
    /**
     * "What can I afford now", for many members at once: their balances and tiers (batched), then the
     * offered, in-stock rewards up to the highest balance, then the per-member filtering in memory.
     */
    affordableRewards: new DataLoader<AffordableKey, Reward[], string>(
      async (keys) => {
        const memberIds = [...new Set(keys.map((key) => key.memberId))];
        // Through the request's points and tier loaders: the balance and tier fields read the same rows.
        const [accounts, ranks] = await Promise.all([
          loaders.get(createPointsLoaders).accountByMemberId.loadMany(memberIds),
          tiers.ranksIn(loaders, memberIds),
        ]);
        const balances = new Map(
          memberIds.map((id, i) => {
            const account = accounts[i];
            if (account instanceof Error) throw account;
            return [id, account];
          }),
        );
        const highest = Math.max(0, ...[...balances.values()].map((balance) => balance.available));
        const candidates = await repository.listRewards(
          db.manager,
          { offeredAt: clock.now(), inStock: true, maxPrice: highest },
          null,
          AFFORDABLE_CANDIDATES,
        );
        const required = await tiers.requiredRanks(
          db.manager,
          candidates.map((reward) => reward.minimumTierCode),
        );
        return keys.map(({ memberId, first }) => {
          const available = balances.get(memberId)?.available ?? 0;
          const rank = ranks.get(memberId) ?? 0;
          return candidates
            .filter(
              (reward) =>
                reward.pointsPrice <= available &&
                isTierEligible(
                  reward.minimumTierCode,
                  rank,
                  reward.minimumTierCode === null ? null : (required.get(reward.minimumTierCode) ?? null),
                ),
            )
            .sort(compareAffordable)
            .slice(0, first);
        });
      },
      { cacheKeyFn: (key) => `${key.memberId}:${key.first}` },
    ),
    referralCode: new DataLoader<number, string | null>(async (memberIds) => {
      const codes = await referrals.codesOf(memberIds);
      return memberIds.map((id) => codes.get(id) ?? null);
    }),
    /** Creates the codes the members asked for do not have yet, in one insert. */
    newReferralCode: new DataLoader<number, string>(async (memberIds) => {
      const codes = await referrals.ensureCodes(memberIds);
      return memberIds.map((id) => codes.get(id)!);
    }),
  });
}

export type RewardLoaders = ReturnType<ReturnType<typeof rewardLoadersFactory>>;
export type RewardLoadersFactory = ReturnType<typeof rewardLoadersFactory>;
