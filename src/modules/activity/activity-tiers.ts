import type { EntityManager } from 'typeorm';
import type { ActivityCriteria } from './activity-criteria';
import type { ResolvedCriteria } from './activity.repository';

/** The slice of the tiers context the feed needs (filled by core.ts, so neither module imports the other). */
export interface ActivityTierSource {
  ladder(manager: EntityManager): Promise<{ id: number; code: string; rank: number }[]>;
  tiersOf(manager: EntityManager, memberIds: readonly number[]): Promise<Map<number, { code: string }>>;
}

/** Turns tier codes into the tier ids the repository filters on; unknown codes match nothing. */
export async function resolveCriteria(
  criteria: ActivityCriteria,
  tiers: ActivityTierSource | null,
  manager: EntityManager,
): Promise<ResolvedCriteria> {
  const { tierCodes, ...rest } = criteria;
  if (!tierCodes || tierCodes.length === 0) return rest;
  const ladder = tiers ? await tiers.ladder(manager) : [];
  return {
    ...rest,
    tiers: {
      tierIds: ladder.filter((tier) => tierCodes.includes(tier.code)).map((tier) => tier.id),
      entryTierId: ladder.find((tier) => tier.rank === 0)?.id ?? null,
    },
  };
}
