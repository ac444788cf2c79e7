import DataLoader from 'dataloader';
import type { Database } from '../../data/database';
import { InsightRepository } from './insight.repository';
import type { MemberInsight } from './member-insight.entity';

const repository = new InsightRepository();

/** One statement for the insight rows of every member a page reaches. */
export function createInsightLoaders(db: Database) {
  return {
    insightByMemberId: new DataLoader<number, MemberInsight | null>(async (ids) => {
      const byId = new Map((await repository.insightsOf(db.manager, ids)).map((row) => [row.memberId, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}
