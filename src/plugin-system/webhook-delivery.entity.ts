import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { MysqlColumnType } from '../data/mysql-column-type';

export enum WebhookDeliveryStatus {
  /** Accepted and waiting for the worker (first attempt or a retry after backoff). */
  PENDING = 'PENDING',
  /** Claimed by a worker; `lockedUntil` lets another instance take it over if that worker died. */
  PROCESSING = 'PROCESSING',
  PROCESSED = 'PROCESSED',
  /** Out of attempts (or a permanent error): stays here until an admin replays it. */
  FAILED = 'FAILED',
}
registerEnumType(WebhookDeliveryStatus, { name: 'WebhookDeliveryStatus' });

/**
 * One inbound webhook delivery: the dedupe record (unique per plugin and platform delivery id), the
 * background queue (status, attempts, next attempt) and the log admins query and replay. The raw body
 * is kept as received so a retry or replay handles exactly what the platform signed.
 */
@ObjectType()
@Entity('webhook_delivery')
@Index('UQ_webhook_delivery_plugin_delivery', ['plugin', 'deliveryId'], { unique: true })
@Index('IDX_webhook_delivery_due', ['status', 'nextAttemptAt'])
export class WebhookDelivery {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id: number;

  @Field()
  @Column({ type: 'varchar', length: 64 })
  plugin: string;

  @Field({ description: "The platform's delivery id (the dedupe key)" })
  @Column({ type: 'varchar', length: 191 })
  deliveryId: string;

  @Field({ description: 'The path after /webhooks/<plugin>/' })
  @Column({ type: 'varchar', length: 191 })
  path: string;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  topic: string;

  @Field(() => WebhookDeliveryStatus)
  @Column({ type: 'varchar', length: 16 })
  status: WebhookDeliveryStatus;

  @Field(() => Int)
  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Field(() => Int, { description: 'How many times an admin replayed it' })
  @Column({ type: 'int', default: 0 })
  replays: number;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'datetime', precision: 3, nullable: true })
  nextAttemptAt: Date | null;

  /** End of the current worker's lease; renewed while it works, so a dead worker's lapses in seconds. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  lockedUntil: Date | null;

  /** Which claim holds the lease: only that claim may renew it or record the outcome. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  lockToken: string | null;

  /** W3C traceparent of the accepting request: the worker's span continues that trace (null: not traced). */
  @Column({ type: 'varchar', length: 55, nullable: true })
  traceparent: string | null;

  @Column({ type: 'text' })
  headersJson: string;

  /** MEDIUMTEXT on MySQL: platforms' order payloads can exceed TEXT's 64 KB. */
  @Column({ type: 'text' })
  @MysqlColumnType('mediumtext')
  body: string;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed' })
  @Column({ type: 'varchar', length: 1000, nullable: true })
  lastError: string | null;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  receivedAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'datetime', precision: 3, nullable: true })
  processedAt: Date | null;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
