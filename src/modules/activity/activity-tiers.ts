import type { EntityManager } from 'typeorm';
import type { ActivityCriteria } from './activity-criteria';
import type { MemberCondition, ResolvedCriteria } from './activity.repository';

/** The slice of the tiers context the feed needs (filled by core.ts, so neither module imports the other). */
export interface ActivityTierSource {
  /** Members whose current tier is one of the codes, as SQL over the tiers context's own table. */
  membersInTiers(manager: EntityManager, tierCodes: readonly string[]): Promise<MemberCondition>;
  tiersOf(manager: EntityManager, memberIds: readonly number[]): Promise<Map<number, { code: string }>>;
}

const NOBODY: MemberCondition = () => ({ sql: '1 = 0', parameters: {} });

/** Turns tier codes into the condition the repository filters on; unknown codes match nothing. */
export async function resolveCriteria(
  criteria: ActivityCriteria,
  tiers: ActivityTierSource | null,
  manager: EntityManager,
): Promise<ResolvedCriteria> {
  const { tierCodes, ...rest } = criteria;
  if (!tierCodes || tierCodes.length === 0) return rest;
  return { ...rest, tierCondition: tiers ? await tiers.membersInTiers(manager, tierCodes) : NOBODY };
}
