import DataLoader from 'dataloader';
import type { Database } from '../../data/database';
import { firstPageLoaders } from '../../graphql/first-page-loader';
import type { Order } from './order.entity';
import type { OrderLine } from './order-line.entity';
import type { OrderRefund } from './order-refund.entity';
import { OrdersRepository } from './orders.repository';

function grouped<T extends { orderId: number }>(ids: readonly number[], rows: T[]): T[][] {
  const byOrder = new Map<number, T[]>(ids.map((id) => [id, []]));
  for (const row of rows) byOrder.get(row.orderId)?.push(row);
  return ids.map((id) => byOrder.get(id)!);
}

/** One statement for the lines of every order a page reaches, one for their refunds. */
export function createOrderLoaders(db: Database) {
  const repository = new OrdersRepository(db);
  return {
    linesByOrderId: new DataLoader<number, OrderLine[]>(async (ids) =>
      grouped(ids, await repository.linesOf(db.manager, ids)),
    ),
    /** A member's newest orders, batched across the members of a list. */
    newestOrdersByMemberId: firstPageLoaders<Order>(
      (memberIds, perMember) => repository.newestPerMember(db.manager, memberIds, perMember),
      (order) => order.memberId!,
    ),
    refundsByOrderId: new DataLoader<number, OrderRefund[]>(async (ids) =>
      grouped(ids, await repository.refundsOf(db.manager, ids)),
    ),
  };
}
