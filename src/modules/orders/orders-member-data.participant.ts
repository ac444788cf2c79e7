import type { EntityManager } from 'typeorm';
import type { MemberDataParticipant } from '../privacy';
import type { OrdersRepository } from './orders.repository';

/** Orders are accounting and insight data without personal fields: kept on erasure, moved on merge. */
export class OrdersMemberDataParticipant implements MemberDataParticipant {
  readonly section = 'orders';

  constructor(private readonly repository: OrdersRepository) {}

  async exportFor(manager: EntityManager, memberId: number): Promise<unknown> {
    const orders = await this.repository.page(manager, { memberId }, null, 100_000);
    const lines = await this.repository.linesOf(
      manager,
      orders.map((o) => o.id),
    );
    const refunds = await this.repository.refundsOf(
      manager,
      orders.map((o) => o.id),
    );
    return orders.map((order) => ({
      ...order,
      requestHash: undefined,
      lines: lines.filter((line) => line.orderId === order.id),
      refunds: refunds
        .filter((refund) => refund.orderId === order.id)
        .map((r) => ({ ...r, requestHash: undefined })),
    }));
  }

  async erase(): Promise<void> {
    // Nothing personal is stored on orders (ids, amounts, SKUs): they stay for accounting.
  }

  async merge(
    manager: EntityManager,
    { survivorId, mergedId }: { survivorId: number; mergedId: number },
  ): Promise<void> {
    await this.repository.moveMember(manager, mergedId, survivorId);
  }
}
