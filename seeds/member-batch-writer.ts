import type { EntityManager } from 'typeorm';
import { ChannelIdentity } from '../src/modules/members/channel-identity.entity';
import { Member } from '../src/modules/members/member.entity';
import type { SyntheticMember } from './synthetic-members';

/** Multi-row inserts: one statement for a batch of members and one for their identities. */
export async function insertMemberBatch(manager: EntityManager, batch: SyntheticMember[]): Promise<void> {
  if (batch.length === 0) return;
  await manager.insert(
    Member,
    batch.map((item) => item.member as Partial<Member>),
  );
  const identities = batch.flatMap((item) =>
    item.identities.map((identity) => ({
      memberId: item.member.id as number,
      channel: identity.channel,
      externalId: identity.externalId,
      linkedAt: item.member.joinedAt as Date,
    })),
  );
  await manager.insert(ChannelIdentity, identities);
}

/** Next free member id, so batches can carry explicit ids (both engines then move their counters on). */
export async function nextMemberId(manager: EntityManager): Promise<number> {
  const row = await manager.createQueryBuilder(Member, 'member').select('MAX(member.id)', 'max').getRawOne();
  return Number(row?.max ?? 0) + 1;
}
