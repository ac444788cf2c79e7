import { registerEnumType } from 'type-graphql';

export enum OrderStatus {
  COMPLETED = 'COMPLETED',
  PARTIALLY_REFUNDED = 'PARTIALLY_REFUNDED',
  REFUNDED = 'REFUNDED',
  CANCELLED = 'CANCELLED',
}

export enum RefundKind {
  REFUND = 'REFUND',
  /** The whole order is cancelled: like a full refund, and the order ends CANCELLED. */
  CANCELLATION = 'CANCELLATION',
}

registerEnumType(OrderStatus, { name: 'OrderStatus' });
registerEnumType(RefundKind, { name: 'RefundKind' });
