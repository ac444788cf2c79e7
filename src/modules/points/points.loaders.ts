import DataLoader from 'dataloader';
import type { Database } from '../../data/database';
import { firstPageLoaders } from '../../graphql/first-page-loader';
import type { LedgerEntry } from './ledger-entry.entity';
import type { PointsLot } from './points-lot.entity';
import { PointsRepository } from './points.repository';
import type { PointsBalance } from './points.types';
import { clock } from '../../common/clock';

/** Batches the points a list of members reaches: one statement for balances, one for next expiries. */
export function createPointsLoaders(db: Database) {
  const repository = new PointsRepository(db);
  return {
    /** A member's newest ledger entries, batched across the members of a list. */
    newestEntriesByMemberId: firstPageLoaders<LedgerEntry>(
      (memberIds, perMember) => repository.newestEntriesPerMember(db.manager, memberIds, perMember),
      (entry) => entry.memberId,
    ),
    /** A member's first lots, batched across the members of a list. */
    firstLotsByMemberId: firstPageLoaders<PointsLot>(
      (memberIds, perMember) => repository.firstLotsPerMember(db.manager, memberIds, perMember),
      (lot) => lot.memberId,
    ),
    balanceByMemberId: new DataLoader<number, PointsBalance>(async (memberIds) => {
      const now = clock.now();
      const [balances, expiries] = await Promise.all([
        repository.balancesAt(db.manager, memberIds, now),
        repository.nextExpiries(db.manager, memberIds, now),
      ]);
      return memberIds.map((id) => ({ ...balances.get(id)!, nextExpiry: expiries.get(id) ?? null }));
    }),
  };
}
