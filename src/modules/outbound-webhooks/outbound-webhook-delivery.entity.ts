import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum OutboundWebhookDeliveryStatus {
  /** Waiting for its first attempt or a retry (`nextAttemptAt`), or behind an earlier event of its member. */
  PENDING = 'PENDING',
  /** A worker holds its lease and is sending it. */
  SENDING = 'SENDING',
  DELIVERED = 'DELIVERED',
  /** Out of attempts: stays here until an admin replays it. */
  FAILED = 'FAILED',
  /** Not sent: its member was erased before it went out (the body is cleared); cannot be replayed. */
  CANCELLED = 'CANCELLED',
}
registerEnumType(OutboundWebhookDeliveryStatus, { name: 'OutboundWebhookDeliveryStatus' });

/**
 * One activity event for one endpoint: the queue (status, attempts, lease) and the log admins read
 * and replay. The body is rendered once when the event is queued, so every retry and replay signs
 * and sends the same bytes, and the receiver can dedupe on `webhook-id` (the event id).
 */
@ObjectType()
@Entity('outbound_webhook_delivery')
@Index('UQ_outbound_webhook_delivery_event', ['endpointId', 'eventId'], { unique: true })
@Index('IDX_outbound_webhook_delivery_due', ['status', 'nextAttemptAt'])
@Index('IDX_outbound_webhook_delivery_member', ['endpointId', 'memberId', 'eventId'])
export class OutboundWebhookDelivery {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id: number;

  @Field(() => ID)
  @Column({ type: 'int' })
  endpointId: number;

  @Field(() => ID, { description: 'The activity event id; webhook-id is evt_<eventId>' })
  @Column({ type: 'int' })
  eventId: number;

  @Field()
  @Column({ type: 'varchar', length: 64 })
  eventType: string;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'int', nullable: true })
  memberId: number | null;

  @Field(() => OutboundWebhookDeliveryStatus)
  @Column({ type: 'varchar', length: 16 })
  status: OutboundWebhookDeliveryStatus;

  @Field(() => Int)
  @Column({ type: 'int' })
  attempts: number;

  @Field(() => Int, { description: 'How many times an admin replayed it' })
  @Column({ type: 'int' })
  replays: number;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  nextAttemptAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  lockToken: string | null;

  @Column({ type: 'text' })
  body: string;

  @Field(() => Int, { nullable: true, description: 'HTTP status of the last attempt (null: no answer)' })
  @Column({ type: 'int', nullable: true })
  lastStatusCode: number | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 1000, nullable: true })
  lastError: string | null;

  @Field(() => String, { nullable: true, description: 'The first 1 KiB of the last response body' })
  @Column({ type: 'varchar', length: 1024, nullable: true })
  lastResponseBody: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'datetime', precision: 3, nullable: true })
  deliveredAt: Date | null;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
