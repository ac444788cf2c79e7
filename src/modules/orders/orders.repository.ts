import { In, type EntityManager } from 'typeorm';
import type { Database } from '../../data/database';
import { firstRowsPerParent } from '../../graphql/first-page-loader';
import { OrderLine } from './order-line.entity';
import { OrderRefund } from './order-refund.entity';
import { Order } from './order.entity';
import { OrderStatus } from './order.enums';
import { clock } from '../../common/clock';
import { insertRow, insertRows } from '../../data/insert-row';
import { Member, type MemberStatus } from '../members';
import { MemberTierRow } from '../tiers';

/** The member an order is recorded for, as the write path needs them. */
export interface Buyer {
  id: number;
  status: MemberStatus;
  mergedIntoId: number | null;
  orderedBefore: boolean;
  /** The tier row's tier (null: no row, so the entry tier), for the earn multiplier. */
  tierId: number | null;
}

export interface OrderCriteria {
  memberId?: number | null;
  channel?: string | null;
  storeId?: string | null;
}

/** A member order as the recommendations model counts it: the products of its lines not fully refunded. */
export interface OrderPurchases {
  orderId: number;
  memberId: number;
  at: Date;
  productIds: number[];
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
    return insertRow(manager, Order, values);
  }

  async insertLines(manager: EntityManager, lines: Partial<OrderLine>[]): Promise<void> {
    // Chunked: one multi-row insert per 100 lines keeps large baskets fast on both engines.
    for (let i = 0; i < lines.length; i += 100) await insertRows(manager, OrderLine, lines.slice(i, i + 100));
  }

  /**
   * What recording an order needs to know about its member, in one statement: the status (only
   * active members earn), where a merged member went, and whether they ordered before (a first
   * order rewards referrals) as an EXISTS probe rather than a COUNT of their history.
   */
  async buyer(manager: EntityManager, memberId: number): Promise<Buyer | null> {
    const row = await manager
      .createQueryBuilder(Member, 'm')
      .select('m.id', 'id')
      .addSelect('m.status', 'status')
      .addSelect('m.mergedIntoId', 'mergedIntoId')
      // The tiers context's row, read here so the earn multiplier costs no statement of its own.
      .leftJoin(MemberTierRow, 'mt', 'mt.memberId = m.id')
      .addSelect('mt.tierId', 'tierId')
      .addSelect(
        (sub) => sub.select('1').from(Order, 'o').where('o.memberId = m.id').limit(1),
        'orderedBefore',
      )
      .where('m.id = :memberId', { memberId })
      .getRawOne<{
        id: number;
        status: MemberStatus;
        mergedIntoId: number | null;
        orderedBefore: unknown;
        tierId: number | null;
      }>();
    if (!row) return null;
    return {
      id: Number(row.id),
      status: row.status,
      mergedIntoId: row.mergedIntoId === null ? null : Number(row.mergedIntoId),
      orderedBefore: row.orderedBefore !== null && row.orderedBefore !== undefined,
      tierId: row.tierId === null || row.tierId === undefined ? null : Number(row.tierId),
    };
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

  /**
   * Every purchase up to an order id as a subquery (memberId, productId, at: one row per line of a member
   * order that is not cancelled, the line not fully refunded), for a reader that recounts from scratch in
   * SQL without reading these tables itself. Parameter names start with `orders`.
   */
  memberPurchaseLinesSql(upToOrderId: number): { sql: string; parameters: Record<string, unknown> } {
    return {
      sql:
        'SELECT po.memberId AS memberId, pl.productId AS productId, po.purchasedAt AS at ' +
        'FROM customer_order po JOIN order_line pl ON pl.orderId = po.id ' +
        'WHERE po.id <= :ordersUpTo AND po.memberId IS NOT NULL AND po.status <> :ordersCancelled ' +
        'AND pl.productId IS NOT NULL AND pl.refundedQuantity < pl.quantity',
      parameters: { ordersUpTo: upToOrderId, ordersCancelled: OrderStatus.CANCELLED },
    };
  }

  /** Member orders after an id (for a reader that keeps a watermark, e.g. the recommendations model). */
  countMemberOrdersAfter(manager: EntityManager, afterId: number): Promise<number> {
    return manager
      .createQueryBuilder(Order, 'o')
      .where('o.id > :afterId AND o.memberId IS NOT NULL', { afterId })
      .getCount();
  }

  /**
   * The next member orders after `afterId` by id, up to (not including) the first one recorded after
   * `settledBefore` (`createdAt`): a reader whose watermark must never pass an order still committing.
   * `read` counts every order passed; `orders` holds those that bought something: cancelled orders and
   * fully refunded lines leave nothing. Two statements whatever `limit` is.
   */
  async memberPurchasesAfter(
    manager: EntityManager,
    afterId: number,
    settledBefore: Date,
    limit: number,
  ): Promise<{ lastId: number; read: number; orders: OrderPurchases[] }> {
    const read = await manager
      .createQueryBuilder(Order, 'o')
      .select(['o.id', 'o.memberId', 'o.purchasedAt', 'o.status', 'o.createdAt'])
      .where('o.id > :afterId AND o.memberId IS NOT NULL', { afterId })
      .orderBy('o.id', 'ASC')
      .limit(limit)
      .getMany();
    const young = read.findIndex((o) => o.createdAt > settledBefore);
    const orders = young === -1 ? read : read.slice(0, young);
    if (!orders.length) return { lastId: afterId, read: 0, orders: [] };
    const counted = orders.filter((o) => o.status !== OrderStatus.CANCELLED);
    const lines = counted.length
      ? await manager.find(OrderLine, {
          select: { orderId: true, productId: true, quantity: true, refundedQuantity: true },
          where: { orderId: In(counted.map((o) => o.id)) },
        })
      : [];
    const byOrder = new Map<number, number[]>();
    for (const line of lines) {
      if (line.productId === null || line.refundedQuantity >= line.quantity) continue;
      byOrder.set(line.orderId, [...(byOrder.get(line.orderId) ?? []), line.productId]);
    }
    return {
      lastId: orders[orders.length - 1].id,
      read: orders.length,
      orders: counted
        .map((o) => ({
          orderId: o.id,
          memberId: o.memberId!,
          at: o.purchasedAt,
          productIds: byOrder.get(o.id) ?? [],
        }))
        .filter((o) => o.productIds.length > 0),
    };
  }

  async moveMember(manager: EntityManager, fromId: number, toId: number): Promise<void> {
    await manager.update(Order, { memberId: fromId }, { memberId: toId });
  }
}
