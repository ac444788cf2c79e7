import { In, type EntityManager } from 'typeorm';
import type { Database } from '../../data/database';
import { MembersRepository } from '../members';
import { OrderHistoryReader, OrderStatus } from '../orders';
import { KpiGrouping, type LifecycleStage, type RfmSegment } from './insight.enums';
import { InsightSettings } from './insight-settings.entity';
import type { MemberOrder } from './lifecycle.rules';
import { MemberInsight } from './member-insight.entity';

export interface InsightFilter {
  segment?: RfmSegment | null;
  lifecycleStage?: LifecycleStage | null;
  homeStoreId?: string | null;
  minChurnRisk?: number | null;
}

/** UTC text, as both engines store datetimes: raw SQL binds this (better-sqlite3 cannot bind a Date). */
function sqlDateTime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

type Row = Record<string, string | number | null>;

/**
 * Every query of the insight context. Orders, members and the ledger are read (never written): the
 * analytics need aggregates across contexts, and keeping that SQL here keeps it in one place.
 */
export class InsightRepository {
  /** Members and orders are other contexts' tables: read through their repositories and readers. */
  private readonly members = new MembersRepository();
  private readonly orders = new OrderHistoryReader();

  async settings(manager: EntityManager): Promise<InsightSettings> {
    return (await manager.findOne(InsightSettings, { where: { id: 1 } }))!;
  }

  async updateSettings(manager: EntityManager, values: Partial<InsightSettings>): Promise<void> {
    await manager.update(InsightSettings, { id: 1 }, values);
  }

  activeMemberIds(manager: EntityManager, afterId: number, limit: number): Promise<number[]> {
    return this.members.activeMemberIds(manager, afterId, limit);
  }

  countActiveMembers(manager: EntityManager): Promise<number> {
    return this.members.countActive(manager);
  }

  /** The counted orders (not cancelled, up to `now`) of a batch of members, oldest first per member. */
  ordersOf(
    manager: EntityManager,
    memberIds: readonly number[],
    now: Date,
  ): Promise<Map<number, MemberOrder[]>> {
    return this.orders.countedOrdersOf(manager, memberIds, now);
  }

  insightsOf(manager: EntityManager, memberIds: readonly number[]): Promise<MemberInsight[]> {
    return memberIds.length
      ? manager.find(MemberInsight, { where: { memberId: In([...memberIds]) } })
      : Promise.resolve([]);
  }

  /**
   * Locks the settings row until the caller's transaction ends: the recompute takes it for each batch,
   * so a second instance of the job waits, then reads what the first one wrote and raises no second
   * event for the same stage change.
   */
  async lockSettings(db: Database, manager: EntityManager): Promise<void> {
    await db
      .forUpdate(manager.createQueryBuilder(InsightSettings, 's').select('s.id').where('s.id = 1'))
      .getOne();
  }

  async replaceInsights(manager: EntityManager, rows: MemberInsight[]): Promise<void> {
    if (!rows.length) return;
    await manager.delete(MemberInsight, { memberId: In(rows.map((row) => row.memberId)) });
    for (let i = 0; i < rows.length; i += 200) await manager.insert(MemberInsight, rows.slice(i, i + 200));
  }

  /** Members who closed, merged or were erased leave the figures (their orders stay in the KPIs). */
  async deleteInactive(manager: EntityManager): Promise<number> {
    const inactive = this.members.inactiveMemberIdsSql();
    const result = await manager
      .createQueryBuilder()
      .delete()
      .from(MemberInsight)
      .where(`memberId IN (${inactive.sql})`, inactive.parameters)
      .execute();
    return result.affected ?? 0;
  }

  async deleteMember(manager: EntityManager, memberId: number): Promise<void> {
    await manager.delete(MemberInsight, { memberId });
  }

  page(
    manager: EntityManager,
    filter: InsightFilter,
    afterId: number | null,
    limit: number,
  ): Promise<MemberInsight[]> {
    const query = manager.createQueryBuilder(MemberInsight, 'i').orderBy('i.memberId', 'ASC').limit(limit);
    if (filter.segment) query.andWhere('i.segment = :segment', { segment: filter.segment });
    if (filter.lifecycleStage) query.andWhere('i.lifecycleStage = :stage', { stage: filter.lifecycleStage });
    if (filter.homeStoreId) query.andWhere('i.homeStoreId = :store', { store: filter.homeStoreId });
    if (filter.minChurnRisk !== null && filter.minChurnRisk !== undefined) {
      query.andWhere('i.churnRisk >= :risk', { risk: filter.minChurnRisk });
    }
    if (afterId !== null) query.andWhere('i.memberId > :afterId', { afterId });
    return query.getMany();
  }

  // --- Programme KPIs: each a grouped aggregate, merged by key in the service -------------------

  private key(
    groupBy: KpiGrouping,
    alias: string,
    storeColumn = 'storeId',
    channelColumn = 'channel',
  ): string | null {
    if (groupBy === KpiGrouping.CHANNEL) return `${alias}.${channelColumn}`;
    if (groupBy === KpiGrouping.STORE) return `${alias}.${storeColumn}`;
    return null;
  }

  private async grouped(
    manager: EntityManager,
    key: string | null,
    select: string,
    from: string,
    params: unknown[],
  ) {
    const sql = key
      ? `SELECT ${key} AS k, ${select} FROM ${from} GROUP BY ${key}`
      : `SELECT NULL AS k, ${select} FROM ${from}`;
    const rows = (await manager.query(sql, params)) as Row[];
    return new Map(rows.map((row) => [row.k === null ? null : String(row.k), row]));
  }

  /** Orders, net revenue and distinct buying members per group in [from, to). */
  orderFigures(manager: EntityManager, groupBy: KpiGrouping, from: Date, to: Date) {
    return this.grouped(
      manager,
      this.key(groupBy, 'o'),
      'COUNT(*) AS orders, COALESCE(SUM(o.merchandiseMinor - o.refundedMinor), 0) AS revenue, COUNT(DISTINCT o.memberId) AS buyers',
      `customer_order o WHERE o.purchasedAt >= ? AND o.purchasedAt < ? AND o.status <> ?`,
      [sqlDateTime(from), sqlDateTime(to), OrderStatus.CANCELLED],
    );
  }

  /** Members with two or more orders in the period, per group. */
  repeatBuyers(manager: EntityManager, groupBy: KpiGrouping, from: Date, to: Date) {
    const key = this.key(groupBy, 'o');
    const inner = `SELECT ${key ?? 'NULL'} AS g, o.memberId FROM customer_order o
      WHERE o.purchasedAt >= ? AND o.purchasedAt < ? AND o.status <> ? AND o.memberId IS NOT NULL
      GROUP BY ${key ? `${key}, ` : ''}o.memberId HAVING COUNT(*) >= 2`;
    return this.grouped(manager, key ? 'r.g' : null, 'COUNT(*) AS members', `(${inner}) r`, [
      sqlDateTime(from),
      sqlDateTime(to),
      OrderStatus.CANCELLED,
    ]);
  }

  /** Of the members who bought in the previous period (same length, per group), how many bought again in this one. */
  retained(manager: EntityManager, groupBy: KpiGrouping, from: Date, to: Date) {
    const before = new Date(from.getTime() - (to.getTime() - from.getTime()));
    const key = this.key(groupBy, 'o');
    const distinct = `SELECT DISTINCT ${key ?? 'NULL'} AS g, o.memberId FROM customer_order o
      WHERE o.purchasedAt >= ? AND o.purchasedAt < ? AND o.status <> ? AND o.memberId IS NOT NULL`;
    const joinOnGroup = key ? 'AND (c.g = p.g OR (c.g IS NULL AND p.g IS NULL))' : '';
    return this.grouped(
      manager,
      key ? 'p.g' : null,
      'COUNT(*) AS previous, COUNT(c.memberId) AS retained',
      `(${distinct}) p LEFT JOIN (${distinct}) c ON c.memberId = p.memberId ${joinOnGroup}`,
      [
        sqlDateTime(before),
        sqlDateTime(from),
        OrderStatus.CANCELLED,
        sqlDateTime(from),
        sqlDateTime(to),
        OrderStatus.CANCELLED,
      ],
    );
  }

  /** Members who joined in the period, by join channel (stores have no joiners). */
  newMembers(manager: EntityManager, groupBy: KpiGrouping, from: Date, to: Date) {
    return this.grouped(
      manager,
      groupBy === KpiGrouping.CHANNEL ? 'm.joinChannel' : null,
      'COUNT(*) AS members',
      'member m WHERE m.joinedAt >= ? AND m.joinedAt < ?',
      [sqlDateTime(from), sqlDateTime(to)],
    );
  }

  /** Points earned, spent and expired in the period, by the entries' source channel or store. */
  points(manager: EntityManager, groupBy: KpiGrouping, from: Date, to: Date) {
    return this.grouped(
      manager,
      this.key(groupBy, 'e', 'storeId', 'sourceChannel'),
      `COALESCE(SUM(CASE WHEN e.type = 'EARN' THEN e.points ELSE 0 END), 0) AS issued,
       COALESCE(SUM(CASE WHEN e.type = 'SPEND' THEN -e.points ELSE 0 END), 0) AS redeemed,
       COALESCE(SUM(CASE WHEN e.type = 'EXPIRE' THEN -e.points ELSE 0 END), 0) AS expired`,
      `ledger_entry e WHERE e.createdAt >= ? AND e.createdAt < ? AND e.type IN ('EARN', 'SPEND', 'EXPIRE')`,
      [sqlDateTime(from), sqlDateTime(to)],
    );
  }
}
