import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { NonNegativeChecks } from '../../data/non-negative-checks';
import { OrderStatus } from './order.enums';

/**
 * An order from any channel (online store, POS, mini-program, partner), recorded once per
 * (channel, external id): the input most points come from. `order` is a reserved word, hence the table name.
 */
@Entity('customer_order')
@NonNegativeChecks('customer_order', ['refundedMinor', 'totalMinor'])
@Index('UQ_customer_order_channel_external', ['channel', 'externalId'], { unique: true })
@Index('IDX_customer_order_member', ['memberId', 'purchasedAt'])
@Index('IDX_customer_order_purchased', ['purchasedAt'])
@ObjectType({ description: 'A purchase from any channel' })
export class Order {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  @Column({ type: 'varchar', length: 32 })
  @Field()
  channel: string;

  @Column({ type: 'varchar', length: 191 })
  @Field({ description: "The channel's own order id (a string: platform ids can exceed 2^53)" })
  externalId: string;

  @Column({ type: 'int', nullable: true })
  memberId: number | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  @Field(() => String, { nullable: true })
  storeId: string | null;

  @Column({ type: 'varchar', length: 3 })
  @Field()
  currency: string;

  @Column({ type: 'int' })
  @Field(() => Int, { description: 'Lines after discounts, in minor units: what earns points' })
  merchandiseMinor: number;

  @Column({ type: 'int', default: 0 })
  @Field(() => Int)
  shippingMinor: number;

  @Column({ type: 'int', default: 0 })
  @Field(() => Int)
  taxMinor: number;

  @Column({ type: 'int' })
  @Field(() => Int)
  totalMinor: number;

  @Column({ type: 'int', default: 0 })
  @Field(() => Int, { description: 'Merchandise refunded so far, in minor units' })
  refundedMinor: number;

  @Column({ type: 'varchar', length: 24 })
  @Field(() => OrderStatus)
  status: OrderStatus;

  @Column({ type: 'int', default: 0 })
  @Field(() => Int, { description: 'Points this order earned' })
  pointsEarned: number;

  @Column({ type: 'int', default: 0 })
  @Field(() => Int, { description: 'Points taken back by its refunds' })
  pointsReversed: number;

  @Column({ type: 'datetime', precision: 3 })
  @Field()
  purchasedAt: Date;

  /** Hash of the recorded input: a redelivery with other content is an IDEMPOTENCY_MISMATCH. */
  @Column({ type: 'varchar', length: 64 })
  requestHash: string;

  @Column({ type: 'datetime', precision: 3 })
  @Field()
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  @Field()
  updatedAt: Date;
}
