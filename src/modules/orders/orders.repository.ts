import { In, type EntityManager } from 'typeorm';
import type { Database } from '../../data/database';
import { firstRowsPerParent } from '../../graphql/first-page-loader';
import { OrderLine } from './order-line.entity';
import { OrderRefund } from './order-refund.entity';
import { Order } from './order.entity';
import { OrderStatus } from './order.enums';
import { clock } from '../../common/clock';

export interface OrderCriteria {
  memberId?: number | null;
  channel?: string | null;
  storeId?: string | null;
}

/** Every query of the orders context. */
export class OrdersRepository {
  constructor(private readonly db: Database) {}

  findById(manager: EntityManager, id: number, lock = false): Promise<Order | null> {
    const query = manager.createQueryBuilder(Order, 'o').where('o.id = :id', { id });
    return (lock ? this.db.forUpdate(query) : query).getOne();
  }

  findByIds(manager: EntityManager, ids: readonly number[]): Promise<Order[]> {
    return ids.length ? manager.find(Order, { where: { id: In([...ids]) } }) : Promise.resolve([]);
  }

  findByExternalId(manager: EntityManager, channel: string, externalId: string): Promise<Order | null> {
    return manager.findOne(Order, { where: { channel, externalId } });
  }

  async insertOrder(manager: EntityManager, values: Partial<Order>): Promise<number> {
    const result = await manager.insert(Order, values);
    return Number(result.identifiers[0].id);
  }

  async insertLines(manager: EntityManager, lines: Partial<OrderLine>[]): Promise<void> {
    // Chunked: one multi-row insert per 100 lines keeps large baskets fast on both engines.
    for (let i = 0; i < lines.length; i += 100) await manager.insert(OrderLine, lines.slice(i, i + 100));
  }

  async updateOrder(manager: EntityManager, id: number, values: Partial<Order>): Promise<void> {
    await manager.update(Order, { id }, { ...values, updatedAt: clock.now() });
  }

  linesOf(manager: EntityManager, orderIds: readonly number[]): Promise<OrderLine[]> {
    return orderIds.length
      ? manager.find(OrderLine, {
          where: { orderId: In([...orderIds]) },
          order: { orderId: 'ASC', lineNo: 'ASC' },
        })
      : Promise.resolve([]);
  }

  refundsOf(manager: EntityManager, orderIds: readonly number[]): Promise<OrderRefund[]> {
    return orderIds.length
      ? manager.find(OrderRefund, { where: { orderId: In([...orderIds]) }, order: { id: 'ASC' } })
      : Promise.resolve([]);
  }

  findRefund(manager: EntityManager, id: number): Promise<OrderRefund | null> {
    return manager.findOne(OrderRefund, { where: { id } });
  }

  /** Adds refunded units to a line only while they stay within its quantity. */
  async refundLine(
    manager: EntityManager,
    lineId: number,
    quantity: number,
    amountMinor: number,
  ): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(OrderLine)
      .set({
        refundedQuantity: () => 'refundedQuantity + :quantity',
        refundedMinor: () => 'refundedMinor + :amountMinor',
      })
      .where('id = :lineId AND refundedQuantity + :quantity <= quantity', { lineId, quantity, amountMinor })
      .execute();
    return result.affected === 1;
  }

  /** Adds to the refunded amount only while it stays within the merchandise total. */
  async addRefunded(
    manager: EntityManager,
    orderId: number,
    amountMinor: number,
    status: OrderStatus,
  ): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(Order)
      .set({ refundedMinor: () => 'refundedMinor + :amountMinor', status, updatedAt: clock.now() })
      .where('id = :orderId AND refundedMinor + :amountMinor <= merchandiseMinor AND status <> :cancelled', {
        orderId,
        amountMinor,
        cancelled: OrderStatus.CANCELLED,
      })
      .execute();
    return result.affected === 1;
  }

  async insertRefund(manager: EntityManager, values: Partial<OrderRefund>): Promise<number> {
    const result = await manager.insert(OrderRefund, values);
    return Number(result.identifiers[0].id);
  }

  async countMemberOrders(manager: EntityManager, memberId: number): Promise<number> {
    return manager.count(Order, { where: { memberId } });
  }

  page(
    manager: EntityManager,
    criteria: OrderCriteria,
    beforeId: number | null,
    limit: number,
  ): Promise<Order[]> {
    const query = manager.createQueryBuilder(Order, 'o').orderBy('o.id', 'DESC').limit(limit);
    if (criteria.memberId) query.andWhere('o.memberId = :memberId', { memberId: criteria.memberId });
    if (criteria.channel) query.andWhere('o.channel = :channel', { channel: criteria.channel });
    if (criteria.storeId) query.andWhere('o.storeId = :storeId', { storeId: criteria.storeId });
    if (beforeId !== null) query.andWhere('o.id < :beforeId', { beforeId });
    return query.getMany();
  }

  /** The newest `perMember` orders of each member, in one statement. */
  newestPerMember(manager: EntityManager, memberIds: readonly number[], perMember: number): Promise<Order[]> {
    if (!memberIds.length) return Promise.resolve([]);
    return manager
      .createQueryBuilder(Order, 'o')
      .where(`o.id ${firstRowsPerParent('customer_order', 'memberId', 'id DESC')}`, {
        parentIds: memberIds,
        perParent: perMember,
      })
      .orderBy('o.id', 'DESC')
      .getMany();
  }

  /** Net qualifying spend (merchandise minus refunds) and orders per member since a date. */
  async figuresSince(
    manager: EntityManager,
    memberIds: readonly number[],
    since: Date,
  ): Promise<Map<number, { spendMinor: number; orders: number }>> {
    const result = new Map(memberIds.map((id) => [id, { spendMinor: 0, orders: 0 }]));
    if (!memberIds.length) return result;
    const rows = await manager
      .createQueryBuilder(Order, 'o')
      .select('o.memberId', 'memberId')
      .addSelect('SUM(o.merchandiseMinor - o.refundedMinor)', 'spend')
      .addSelect('COUNT(*)', 'orders')
      .where('o.memberId IN (:...memberIds) AND o.purchasedAt >= :since', { memberIds, since })
      .andWhere('o.status IN (:...counted)', {
        counted: [OrderStatus.COMPLETED, OrderStatus.PARTIALLY_REFUNDED],
      })
      .groupBy('o.memberId')
      .getRawMany<{ memberId: string | number; spend: string | number; orders: string | number }>();
    for (const row of rows) {
      result.set(Number(row.memberId), { spendMinor: Number(row.spend), orders: Number(row.orders) });
    }
    return result;
  }

  async moveMember(manager: EntityManager, fromId: number, toId: number): Promise<void> {
    await manager.update(Order, { memberId: fromId }, { memberId: toId });
  }
}
