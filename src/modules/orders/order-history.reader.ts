import type { EntityManager } from 'typeorm';
import { Order } from './order.entity';
import { OrderStatus } from './order.enums';

/** One counted order of a member, as other contexts (insight) need it: when, net value, where. */
export interface CountedOrder {
  at: Date;
  /** Merchandise minus refunds, in minor units. */
  netMinor: number;
  channel: string;
  storeId: string | null;
}

/** Where an order came from and whose it is: what feedback needs to attach a response to it. */
export type OrderOrigin = Pick<Order, 'id' | 'memberId' | 'channel' | 'storeId'>;

/**
 * Read-only views of the order tables for other contexts, so they never query `customer_order`
 * themselves: the orders context decides what "counted" means (not cancelled, purchased by `now`).
 */
export class OrderHistoryReader {
  /** The counted orders of a batch of members, oldest first per member; every member has an entry. */
  async countedOrdersOf(
    manager: EntityManager,
    memberIds: readonly number[],
    now: Date,
  ): Promise<Map<number, CountedOrder[]>> {
    const result = new Map<number, CountedOrder[]>(memberIds.map((id) => [id, []]));
    if (!memberIds.length) return result;
    const rows = await manager
      .createQueryBuilder(Order, 'o')
      .select([
        'o.memberId',
        'o.purchasedAt',
        'o.merchandiseMinor',
        'o.refundedMinor',
        'o.channel',
        'o.storeId',
      ])
      .where('o.memberId IN (:...memberIds) AND o.purchasedAt <= :now AND o.status <> :cancelled', {
        memberIds,
        now,
        cancelled: OrderStatus.CANCELLED,
      })
      .orderBy('o.memberId', 'ASC')
      .addOrderBy('o.purchasedAt', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .getMany();
    for (const order of rows) {
      result.get(order.memberId!)?.push({
        at: order.purchasedAt,
        netMinor: order.merchandiseMinor - order.refundedMinor,
        channel: order.channel,
        storeId: order.storeId,
      });
    }
    return result;
  }

  /** The order's owner, channel and store, or null when there is no such order. */
  origin(manager: EntityManager, id: number): Promise<OrderOrigin | null> {
    return manager.findOne(Order, {
      select: { id: true, memberId: true, channel: true, storeId: true },
      where: { id },
    });
  }
}
