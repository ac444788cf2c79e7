import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import type { ActivityCriteria } from './activity-criteria';
import { ActivityEvent } from './activity-event.entity';

/**
 * A condition on a member id column, written by the context that owns the data it reads (the tier
 * filter is the tiers context's SQL over its own table): `condition('e.memberId')`.
 */
export type MemberCondition = (memberColumn: string) => { sql: string; parameters: Record<string, unknown> };

export interface ResolvedCriteria extends Omit<ActivityCriteria, 'tierCodes'> {
  /** Members in the requested tiers now (tier at read time). */
  tierCondition?: MemberCondition;
}

/** Every statement on the outbox: the publisher's tail, subscribers' replays and the history pages. */
export class ActivityRepository {
  /** Newest first, never above the published horizon, so a page's first cursor is safe to resume from. */
  history(
    manager: EntityManager,
    criteria: ResolvedCriteria,
    beforeId: number | null,
    horizon: number,
    limit: number,
  ): Promise<ActivityEvent[]> {
    const query = this.filtered(manager, criteria).orderBy('e.id', 'DESC').limit(limit);
    query.andWhere('e.id <= :horizon', { horizon });
    if (beforeId !== null) query.andWhere('e.id < :beforeId', { beforeId });
    return query.getMany();
  }

  /** Oldest first: the events of (afterId, throughId] that match, for a subscriber's replay. */
  range(
    manager: EntityManager,
    criteria: ResolvedCriteria,
    afterId: number,
    throughId: number,
    limit: number,
  ): Promise<ActivityEvent[]> {
    return this.filtered(manager, criteria)
      .andWhere('e.id > :afterId AND e.id <= :throughId', { afterId, throughId })
      .orderBy('e.id', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** What the publisher reads: every committed row after its horizon, unfiltered. */
  tail(manager: EntityManager, afterId: number, limit: number): Promise<ActivityEvent[]> {
    return manager
      .createQueryBuilder(ActivityEvent, 'e')
      .where('e.id > :afterId', { afterId })
      .orderBy('e.id', 'ASC')
      .limit(limit)
      .getMany();
  }

  async maxId(manager: EntityManager): Promise<number> {
    const row = await manager
      .createQueryBuilder(ActivityEvent, 'e')
      .select('MAX(e.id)', 'maxId')
      .getRawOne<{ maxId: number | string | null }>();
    return Number(row?.maxId ?? 0);
  }

  /**
   * MySQL only, inside a READ COMMITTED transaction: a locking read over a hole between committed ids.
   * InnoDB makes it wait while a transaction that inserted a row there is still open, so when it
   * returns each id in the hole is either committed or rolled back (READ COMMITTED takes no gap locks,
   * so writers appending new rows are never blocked by it).
   */
  async lockRange(manager: EntityManager, afterId: number, beforeId: number): Promise<void> {
    // `LOCK IN SHARE MODE`, not TypeORM's `FOR SHARE`: MariaDB 10.11 only knows the former.
    await manager.query('SELECT id FROM activity_event WHERE id > ? AND id < ? LOCK IN SHARE MODE', [
      afterId,
      beforeId,
    ]);
  }

  private filtered(manager: EntityManager, criteria: ResolvedCriteria): SelectQueryBuilder<ActivityEvent> {
    const query = manager.createQueryBuilder(ActivityEvent, 'e').where('1 = 1');
    const anyOf = (column: string, values: unknown[] | undefined, name: string) => {
      if (values && values.length > 0) query.andWhere(`e.${column} IN (:...${name})`, { [name]: values });
    };
    anyOf('type', criteria.types, 'types');
    anyOf('memberId', criteria.memberIds, 'memberIds');
    anyOf('channel', criteria.channels, 'channels');
    anyOf('storeId', criteria.storeIds, 'storeIds');
    anyOf('plugin', criteria.plugins, 'plugins');
    if (criteria.tierCondition) {
      const { sql, parameters } = criteria.tierCondition('e.memberId');
      query.andWhere(`(${sql})`, parameters);
    }
    return query;
  }
}
