import { In, type EntityManager } from 'typeorm';
import type { Database } from '../../data/database';
import { MembersRepository } from '../members';
import { OrderFiguresReader, OrderHistoryReader } from '../orders';
import { LedgerFiguresReader } from '../points';
import type { FigureGrouping } from '../../data/grouped-figures';
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

const grouping = (groupBy: KpiGrouping): FigureGrouping =>
  groupBy === KpiGrouping.CHANNEL ? 'channel' : groupBy === KpiGrouping.STORE ? 'store' : null;

/**
 * Every query of the insight context over its own tables. Orders, members and the ledger belong to
 * other contexts: their aggregates come from those contexts' readers, merged here by group key.
 */
export class InsightRepository {
  /** Members and orders are other contexts' tables: read through their repositories and readers. */
  private readonly members = new MembersRepository();
  private readonly orders = new OrderHistoryReader();
  private readonly orderFiguresReader = new OrderFiguresReader();
  private readonly ledgerFigures = new LedgerFiguresReader();

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

  // --- Programme KPIs: each context's grouped aggregate over its own tables, merged by key in the service

  orderFigures(manager: EntityManager, groupBy: KpiGrouping, from: Date, to: Date) {
    return this.orderFiguresReader.orderFigures(manager, grouping(groupBy), from, to);
  }

  repeatBuyers(manager: EntityManager, groupBy: KpiGrouping, from: Date, to: Date) {
    return this.orderFiguresReader.repeatBuyers(manager, grouping(groupBy), from, to);
  }

  retained(manager: EntityManager, groupBy: KpiGrouping, from: Date, to: Date) {
    return this.orderFiguresReader.retained(manager, grouping(groupBy), from, to);
  }

  newMembers(manager: EntityManager, groupBy: KpiGrouping, from: Date, to: Date) {
    return this.members.joinedFigures(manager, grouping(groupBy), from, to);
  }

  points(manager: EntityManager, groupBy: KpiGrouping, from: Date, to: Date) {
    return this.ledgerFigures.pointsFigures(manager, grouping(groupBy), from, to);
  }
}
