import DataLoader from 'dataloader';
import type { Database } from '../../data/database';
import { firstPageLoaders } from '../../graphql/first-page-loader';
import type { LedgerEntry } from './ledger-entry.entity';
import type { PointsLot } from './points-lot.entity';
import { PointsRepository, type Balance } from './points.repository';
import type { PointsBalance } from './points.types';
import { clock } from '../../common/clock';

/**
 * Batches the points a list of members reaches: one statement for balances, one for next expiries.
 * Other contexts (rewards' "what can I afford") read balances through `accountByMemberId` of the same
 * request, so a screen asking for both reads each account once.
 */
export function createPointsLoaders(db: Database) {
  const repository = new PointsRepository(db);
  const accountByMemberId = new DataLoader<number, Balance>(async (memberIds) => {
    const balances = await repository.balancesAt(db.manager, memberIds, clock.now());
    return memberIds.map((id) => balances.get(id)!);
  });
  return {
    /** A member's newest ledger entries with their explanations, batched across the members of a list. */
    newestEntriesByMemberId: firstPageLoaders<LedgerEntry>(
      (memberIds, perMember) => repository.newestEntriesPerMember(db.manager, memberIds, perMember),
      (entry) => entry.memberId,
    ),
    /** The same without the explanation column, for pages that do not select it. */
    newestEntriesWithoutExplanation: firstPageLoaders<LedgerEntry>(
      (memberIds, perMember) => repository.newestEntriesPerMember(db.manager, memberIds, perMember, false),
      (entry) => entry.memberId,
    ),
    /** A member's first lots, batched across the members of a list. */
    firstLotsByMemberId: firstPageLoaders<PointsLot>(
      (memberIds, perMember) => repository.firstLotsPerMember(db.manager, memberIds, perMember),
      (lot) => lot.memberId,
    ),
    /** Balances as members read them now (overdue lots taken off), without the next expiry. */
    accountByMemberId,
    balanceByMemberId: new DataLoader<number, PointsBalance>(async (memberIds) => {
      const [balances, expiries] = await Promise.all([
        accountByMemberId.loadMany(memberIds),
        repository.nextExpiries(db.manager, memberIds, clock.now()),
      ]);
      return memberIds.map((id, i) => {
        const balance = balances[i];
        if (balance instanceof Error) throw balance;
        return { ...balance, nextExpiry: expiries.get(id) ?? null };
      });
    }),
  };
}
