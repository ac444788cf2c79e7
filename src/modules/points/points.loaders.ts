import DataLoader from 'dataloader';
import type { Database } from '../../data/database';
import { PointsRepository } from './points.repository';
import type { PointsBalance } from './points.types';

/** Batches the points a list of members reaches: one statement for balances, one for next expiries. */
export function createPointsLoaders(db: Database) {
  const repository = new PointsRepository(db);
  return {
    balanceByMemberId: new DataLoader<number, PointsBalance>(async (memberIds) => {
      const [balances, expiries] = await Promise.all([
        repository.balancesOf(db.manager, memberIds),
        repository.nextExpiries(db.manager, memberIds),
      ]);
      return memberIds.map((id) => ({ ...balances.get(id)!, nextExpiry: expiries.get(id) ?? null }));
    }),
  };
}
