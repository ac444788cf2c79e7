import type { EntityManager } from 'typeorm';
import type { DatabaseKind } from '../src/data/data-source';
import { ChannelIdentity, Member } from '../src/modules/members';
import type { SyntheticMember } from './synthetic-members';

/**
 * Bound parameters one statement may carry: SQLite's default SQLITE_MAX_VARIABLE_NUMBER (what
 * better-sqlite3 is built with) and MySQL's prepared-statement limit. mysql2's `query` interpolates on
 * the client, so the MySQL cap mostly keeps each statement well under max_allowed_packet.
 */
const MAX_PARAMETERS = { sqlite: 32_766, mysql: 65_535 } as const;
/** TypeORM builds a statement in time that grows faster than its rows: past a few hundred, smaller is faster. */
const MAX_MEMBERS_PER_STATEMENT = 500;

/** Inserts members with explicit ids and their identities, in as few statements as the engine allows. */
export async function insertMembers(
  manager: EntityManager,
  kind: DatabaseKind,
  items: SyntheticMember[],
): Promise<void> {
  for (const chunk of statementChunks(manager, kind, items)) await insertChunk(manager, chunk);
}

/** Next free member id, so batches can carry explicit ids (both engines then move their counters on). */
export async function nextMemberId(manager: EntityManager): Promise<number> {
  const row = await manager.createQueryBuilder(Member, 'member').select('MAX(member.id)', 'max').getRawOne();
  return Number(row?.max ?? 0) + 1;
}

/**
 * Two multi-row inserts (members, then their identities), without TypeORM's entity update afterwards.
 * That update re-reads the rows (one more statement per chunk) and, on MySQL/MariaDB, overwrites the
 * explicit ids with `insertId + index`, which for explicit ids is wrong (MariaDB reports the last id
 * given), so identities would point at the wrong members.
 */
async function insertChunk(manager: EntityManager, chunk: SyntheticMember[]): Promise<void> {
  await manager
    .createQueryBuilder()
    .insert()
    .into(Member)
    .values(chunk.map((item) => item.member as Partial<Member>))
    .updateEntity(false)
    .execute();
  const identities = chunk.flatMap((item) =>
    item.identities.map((identity) => ({
      memberId: item.member.id as number,
      channel: identity.channel,
      externalId: identity.externalId,
      linkedAt: item.member.joinedAt as Date,
    })),
  );
  await manager
    .createQueryBuilder()
    .insert()
    .into(ChannelIdentity)
    .values(identities)
    .updateEntity(false)
    .execute();
}

/**
 * Splits a batch so that neither of its two multi-row inserts exceeds the engine's parameter limit
 * (counting every column of each table, an upper bound on what is bound) nor MAX_MEMBERS_PER_STATEMENT.
 */
export function statementChunks(
  manager: EntityManager,
  kind: DatabaseKind,
  items: SyntheticMember[],
): SyntheticMember[][] {
  const limit = MAX_PARAMETERS[kind];
  const memberColumns = manager.connection.getMetadata(Member).columns.length;
  const identityColumns = manager.connection.getMetadata(ChannelIdentity).columns.length;
  const chunks: SyntheticMember[][] = [];
  let chunk: SyntheticMember[] = [];
  let identities = 0;
  for (const item of items) {
    const fits =
      chunk.length < MAX_MEMBERS_PER_STATEMENT &&
      (chunk.length + 1) * memberColumns <= limit &&
      (identities + item.identities.length) * identityColumns <= limit;
    if (!fits && chunk.length > 0) {
      chunks.push(chunk);
      chunk = [];
      identities = 0;
    }
    chunk.push(item);
    identities += item.identities.length;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}
