/** A tier of the ladder as the condition needs it. */
interface LadderTier {
  id: number;
  code: string;
  rank: number;
}

/**
 * Members whose current tier is one of `tierCodes`, as SQL on a member id column (other contexts'
 * filters, such as the activity feed's, embed it and never read `member_tier` themselves). Members
 * without a `member_tier` row hold the entry tier, so selecting the entry tier also selects them;
 * unknown codes match nothing.
 */
export function membersInTiersCondition(ladder: readonly LadderTier[], tierCodes: readonly string[]) {
  const tierIds = ladder.filter((tier) => tierCodes.includes(tier.code)).map((tier) => tier.id);
  const entryTierId = ladder.find((tier) => tier.rank === 0)?.id ?? null;
  const ranked = tierIds.filter((id) => id !== entryTierId);
  return (memberColumn: string): { sql: string; parameters: Record<string, unknown> } => {
    const parts: string[] = [];
    if (ranked.length > 0)
      parts.push(
        `${memberColumn} IN (SELECT mt.memberId FROM member_tier mt WHERE mt.tierId IN (:...tierIds))`,
      );
    if (entryTierId !== null && tierIds.includes(entryTierId))
      parts.push(
        `${memberColumn} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM member_tier me WHERE me.memberId = ${memberColumn} AND me.tierId <> :entryTierId)`,
      );
    if (parts.length === 0) return { sql: '1 = 0', parameters: {} };
    return {
      sql: parts.map((part) => `(${part})`).join(' OR '),
      parameters: { tierIds: ranked, entryTierId },
    };
  };
}
