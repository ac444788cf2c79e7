import { In, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { ChannelIdentity } from './channel-identity.entity';
import { Member } from './member.entity';
import { MemberStatus } from './member.enums';
import type { MemberCriteria } from './member-search';
import { withoutLikeWildcards } from '../../data/like-pattern';
import { clock } from '../../common/clock';
import {
  groupedFigures,
  sqlDateTime,
  type FigureGrouping,
  type GroupedFigures,
} from '../../data/grouped-figures';

/** Every query the members context runs. Methods take the manager so they work inside a transaction too. */
export class MembersRepository {
  findById(manager: EntityManager, id: number): Promise<Member | null> {
    return manager.findOne(Member, { where: { id } });
  }

  findByIds(manager: EntityManager, ids: readonly number[]): Promise<Member[]> {
    return manager.find(Member, { where: { id: In([...ids]) } });
  }

  findByEmail(manager: EntityManager, email: string): Promise<Member | null> {
    return manager.findOne(Member, { where: { email } });
  }

  findByPhone(manager: EntityManager, phone: string): Promise<Member | null> {
    return manager.findOne(Member, { where: { phone } });
  }

  findIdentity(manager: EntityManager, channel: string, externalId: string): Promise<ChannelIdentity | null> {
    return manager.findOne(ChannelIdentity, { where: { channel, externalId } });
  }

  identitiesOf(manager: EntityManager, memberIds: readonly number[]): Promise<ChannelIdentity[]> {
    return manager.find(ChannelIdentity, { where: { memberId: In([...memberIds]) }, order: { id: 'ASC' } });
  }

  async insertMember(manager: EntityManager, values: Partial<Member>): Promise<number> {
    const now = clock.now();
    const result = await manager.insert(Member, { createdAt: now, updatedAt: now, ...values });
    return Number(result.identifiers[0].id);
  }

  async insertIdentity(manager: EntityManager, values: Partial<ChannelIdentity>): Promise<number> {
    const result = await manager.insert(ChannelIdentity, values);
    return Number(result.identifiers[0].id);
  }

  async updateMember(manager: EntityManager, id: number, values: Partial<Member>): Promise<void> {
    await manager.update(Member, { id }, { updatedAt: clock.now(), ...values });
  }

  /**
   * Changes a member only while it is in one of `statuses`, and says whether it did. This is how a state
   * change (close, merge, erase...) stays correct under concurrency on both engines: no read-then-write.
   */
  async updateMemberIfStatus(
    manager: EntityManager,
    id: number,
    statuses: MemberStatus[],
    values: Partial<Member>,
  ): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(Member)
      .set({ updatedAt: clock.now(), ...values })
      .where('id = :id AND status IN (:...statuses)', { id, statuses })
      .execute();
    return result.affected === 1;
  }

  async deleteIdentity(manager: EntityManager, identityId: number): Promise<void> {
    await manager.delete(ChannelIdentity, { id: identityId });
  }

  async moveIdentities(manager: EntityManager, fromMemberId: number, toMemberId: number): Promise<number> {
    const result = await manager.update(
      ChannelIdentity,
      { memberId: fromMemberId },
      { memberId: toMemberId, linkedAt: clock.now() },
    );
    return result.affected ?? 0;
  }

  /** Members merged earlier into `fromMemberId` now point straight at the new survivor (no chains). */
  async repointMergedMembers(
    manager: EntityManager,
    fromMemberId: number,
    toMemberId: number,
  ): Promise<void> {
    await manager.update(
      Member,
      { mergedIntoId: fromMemberId },
      { mergedIntoId: toMemberId, updatedAt: clock.now() },
    );
  }

  async eraseIdentities(manager: EntityManager, memberId: number): Promise<void> {
    await manager.update(ChannelIdentity, { memberId }, { externalId: null });
  }

  /**
   * A member's id and status, as a query other contexts may lock with `Database.forUpdate` so one
   * member's awards, redemptions or referrals run one after another (they never read the table themselves).
   */
  statusQuery(manager: EntityManager, memberId: number): SelectQueryBuilder<Member> {
    return manager
      .createQueryBuilder(Member, 'member')
      .select(['member.id', 'member.status'])
      .where('member.id = :memberId', { memberId });
  }

  /** The whole member row as a query (lockable), for contexts that decide on more than the status. */
  rowQuery(manager: EntityManager, memberId: number): SelectQueryBuilder<Member> {
    return manager.createQueryBuilder(Member, 'member').where('member.id = :memberId', { memberId });
  }

  /** Active members after an id, in id order: the batches background jobs walk. */
  async activeMemberIds(manager: EntityManager, afterId: number, limit: number): Promise<number[]> {
    const rows = await manager
      .createQueryBuilder(Member, 'member')
      .select('member.id')
      .where('member.status = :active AND member.id > :afterId', { active: MemberStatus.ACTIVE, afterId })
      .orderBy('member.id', 'ASC')
      .limit(limit)
      .getMany();
    return rows.map((row) => row.id);
  }

  countActive(manager: EntityManager): Promise<number> {
    return manager.count(Member, { where: { status: MemberStatus.ACTIVE } });
  }

  /**
   * Active members after an id (optionally born on given month-days, `-MM-DD` suffixes), in id order,
   * as a query under the alias `member` that the caller may narrow (benefits exclude members already granted).
   */
  activeMembersQuery(
    manager: EntityManager,
    options: { afterId: number; limit: number; birthdaySuffixes?: string[] },
  ): SelectQueryBuilder<Member> {
    const query = manager
      .createQueryBuilder(Member, 'member')
      .where('member.status = :active', { active: MemberStatus.ACTIVE })
      .andWhere('member.id > :afterId', { afterId: options.afterId })
      .orderBy('member.id', 'ASC')
      .limit(options.limit);
    if (options.birthdaySuffixes) {
      const clauses = options.birthdaySuffixes.map((_, i) => `member.birthday LIKE :suffix${i}`);
      const params = Object.fromEntries(options.birthdaySuffixes.map((s, i) => [`suffix${i}`, `%${s}`]));
      query.andWhere(`(${clauses.join(' OR ')})`, params);
    }
    return query;
  }

  /** Erased members, as a subquery: derived data recounted from their orders must leave them out. */
  erasedMemberIdsSql(): { sql: string; parameters: Record<string, unknown> } {
    return {
      sql: 'SELECT em.id FROM member em WHERE em.status = :membersErased',
      parameters: { membersErased: MemberStatus.ERASED },
    };
  }

  /** Members no longer active (closed, merged, erased) among all: the subquery derived rows are pruned by. */
  inactiveMemberIdsSql(): { sql: string; parameters: Record<string, unknown> } {
    return {
      sql: 'SELECT m.id FROM member m WHERE m.status <> :active',
      parameters: { active: MemberStatus.ACTIVE },
    };
  }

  /** Members who joined in [from, to), by join channel (stores have no joiners: not split by store). */
  joinedFigures(manager: EntityManager, by: FigureGrouping, from: Date, to: Date): Promise<GroupedFigures> {
    return groupedFigures(
      manager,
      by === 'channel' ? 'm.joinChannel' : null,
      'COUNT(*) AS members',
      'member m WHERE m.joinedAt >= ? AND m.joinedAt < ?',
      [sqlDateTime(from), sqlDateTime(to)],
    );
  }

  /** One page of a staff search, ordered by id; fetches `limit` rows (callers pass first + 1). */
  search(
    manager: EntityManager,
    filter: MemberCriteria,
    afterId: number | null,
    limit: number,
  ): Promise<Member[]> {
    const query = this.filtered(manager, filter).orderBy('member.id', 'ASC').limit(limit);
    if (afterId !== null) query.andWhere('member.id > :afterId', { afterId });
    return query.getMany();
  }

  count(manager: EntityManager, filter: MemberCriteria): Promise<number> {
    return this.filtered(manager, filter).getCount();
  }

  /** The support console's one search box: every reading of the text that applies, OR-ed. */
  private searchCondition(manager: EntityManager, filter: MemberCriteria): [string, Record<string, unknown>] {
    const prefix = `${withoutLikeWildcards(filter.search!)}%`;
    const alternatives = [
      'member.firstName LIKE :prefix',
      'member.lastName LIKE :prefix',
      'member.email LIKE :lowerPrefix',
    ];
    const parameters: Record<string, unknown> = { prefix, lowerPrefix: prefix.toLowerCase() };
    if (filter.searchPhonePrefix) {
      alternatives.push('member.phone LIKE :phonePrefix');
      parameters.phonePrefix = `${withoutLikeWildcards(filter.searchPhonePrefix)}%`;
    }
    if (filter.searchMemberId) {
      alternatives.push('member.id = :searchMemberId');
      parameters.searchMemberId = filter.searchMemberId;
    }
    if (filter.searchFullName) {
      alternatives.push('(member.firstName LIKE :firstPrefix AND member.lastName LIKE :lastPrefix)');
      parameters.firstPrefix = `${withoutLikeWildcards(filter.searchFullName.first)}%`;
      parameters.lastPrefix = `${withoutLikeWildcards(filter.searchFullName.last)}%`;
    }
    if (filter.searchIdentity) {
      const identity = manager
        .createQueryBuilder(ChannelIdentity, 'searched')
        .select('1')
        .where('searched.memberId = member.id')
        .andWhere('searched.channel = :searchChannel AND searched.externalId = :searchExternalId');
      alternatives.push(`EXISTS (${identity.getQuery()})`);
      parameters.searchChannel = filter.searchIdentity.channel;
      parameters.searchExternalId = filter.searchIdentity.externalId;
    }
    return [`(${alternatives.join(' OR ')})`, parameters];
  }

  private filtered(manager: EntityManager, filter: MemberCriteria): SelectQueryBuilder<Member> {
    const query = manager.createQueryBuilder(Member, 'member');
    if (filter.status) query.andWhere('member.status = :status', { status: filter.status });
    if (filter.email) query.andWhere('member.email = :email', { email: filter.email.toLowerCase() });
    if (filter.phone) query.andWhere('member.phone = :phone', { phone: filter.phone });
    if (filter.name) {
      query.andWhere('(member.firstName LIKE :name OR member.lastName LIKE :name)', {
        name: `${withoutLikeWildcards(filter.name)}%`,
      });
    }
    if (filter.search) query.andWhere(...this.searchCondition(manager, filter));
    if (filter.channel || filter.externalId) {
      const identity = manager
        .createQueryBuilder(ChannelIdentity, 'identity')
        .select('1')
        .where('identity.memberId = member.id');
      if (filter.channel) identity.andWhere('identity.channel = :channel', { channel: filter.channel });
      if (filter.externalId)
        identity.andWhere('identity.externalId = :externalId', { externalId: filter.externalId });
      query.andWhere(`EXISTS (${identity.getQuery()})`, identity.getParameters());
    }
    return query;
  }
}
