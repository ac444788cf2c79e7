import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { RefundKind } from './order.enums';

/** A refund or cancellation, recorded once per (order, refund id) so a redelivery changes nothing. */
@Entity('order_refund')
@Index('UQ_order_refund_external', ['orderId', 'externalId'], { unique: true })
@ObjectType({ description: 'A refund or cancellation of an order (whole or per line)' })
export class OrderRefund {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  @Column({ type: 'int' })
  orderId: number;

  @Column({ type: 'varchar', length: 191 })
  @Field({ description: "The channel's refund id (idempotency: the same id refunds once)" })
  externalId: string;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => RefundKind)
  kind: RefundKind;

  @Column({ type: 'int' })
  @Field(() => Int, { description: 'Merchandise refunded, in minor units' })
  amountMinor: number;

  @Column({ type: 'varchar', length: 255, nullable: true })
  @Field(() => String, { nullable: true })
  reason: string | null;

  @Column({ type: 'int', default: 0 })
  @Field(() => Int, { description: 'Points taken back' })
  pointsReversed: number;

  @Column({ type: 'int', default: 0 })
  @Field(() => Int, { description: 'Points that could not be taken back (already spent)' })
  pointsUncollected: number;

  @Column({ type: 'varchar', length: 64 })
  requestHash: string;

  @Column({ type: 'datetime', precision: 3 })
  @Field()
  createdAt: Date;
}
