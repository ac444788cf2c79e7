import DataLoader from 'dataloader';
import type { Database } from '../../data/database';
import type { ChannelIdentity } from './channel-identity.entity';
import type { Member } from './member.entity';
import { MembersRepository } from './members.repository';

const repository = new MembersRepository();

/** Batches every member relation a list can reach into one statement per relation per tick. */
export function createMemberLoaders(db: Database) {
  return {
    memberById: new DataLoader<number, Member | null>(async (ids) => {
      const rows = await repository.findByIds(db.manager, ids);
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    identitiesByMemberId: new DataLoader<number, ChannelIdentity[]>(async (memberIds) => {
      const rows = await repository.identitiesOf(db.manager, memberIds);
      const grouped = new Map<number, ChannelIdentity[]>(memberIds.map((id) => [id, []]));
      for (const row of rows) grouped.get(row.memberId)?.push(row);
      return memberIds.map((id) => grouped.get(id)!);
    }),
  };
}
