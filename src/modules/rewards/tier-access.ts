import type { EntityManager } from 'typeorm';
import type { LoaderRegistry } from '../../graphql/context';
import { requestTierLoaders, type TiersService } from '../tiers';

/** What the rewards context asks the tiers context: member ranks (entry tier = 0) and the rank a code needs. */
export class TierAccess {
  constructor(private readonly tiers: TiersService) {}

  async rankOf(manager: EntityManager, memberId: number): Promise<number> {
    return (await this.tiers.tierOf(manager, memberId))?.rank ?? 0;
  }

  /** Batched: a members list costs the same statements for 5 members or 100. */
  async ranksOf(manager: EntityManager, memberIds: readonly number[]): Promise<Map<number, number>> {
    const tiers = await this.tiers.tiersOf(manager, memberIds);
    return new Map(memberIds.map((id) => [id, tiers.get(id)?.rank ?? 0]));
  }

  /** Batched through the request's tier loaders: the tier rows other fields of the request read too. */
  async ranksIn(loaders: LoaderRegistry, memberIds: readonly number[]): Promise<Map<number, number>> {
    const ranks = await loaders.get(requestTierLoaders(this.tiers)).rankByMemberId.loadMany(memberIds);
    return new Map(
      memberIds.map((id, i) => {
        const rank = ranks[i];
        if (rank instanceof Error) throw rank;
        return [id, rank];
      }),
    );
  }

  /** Ranks of the given codes from the ladder (one statement), null for a code that names no tier. */
  async requiredRanks(
    manager: EntityManager,
    codes: Iterable<string | null>,
  ): Promise<Map<string, number | null>> {
    const wanted = new Set([...codes].filter((code): code is string => code !== null));
    if (wanted.size === 0) return new Map();
    const ladder = await this.tiers.ladder(manager);
    const rankOf = new Map(ladder.map((tier) => [tier.code, tier.rank]));
    return new Map([...wanted].map((code) => [code, rankOf.get(code) ?? null]));
  }
}
