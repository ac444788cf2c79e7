import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum OutboundWebhookEndpointStatus {
  ACTIVE = 'ACTIVE',
  /** Stopped after repeated failures (or by an admin): deliveries queue up until it is resumed. */
  PAUSED = 'PAUSED',
}
registerEnumType(OutboundWebhookEndpointStatus, { name: 'OutboundWebhookEndpointStatus' });

/**
 * A partner system's endpoint: which activity events it receives (types, optionally narrowed to
 * members, channels, stores), the secret deliveries are signed with (and, during a rotation, the
 * previous one until `previousSecretExpiresAt`), and whether it is paused.
 */
@ObjectType({ description: 'A partner endpoint that receives matching activity events as signed webhooks' })
@Entity('outbound_webhook_endpoint')
export class OutboundWebhookEndpoint {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id: number;

  @Field()
  @Column({ type: 'varchar', length: 2000 })
  url: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 255, nullable: true })
  description: string | null;

  @Column({ type: 'text' })
  eventTypesJson: string;

  @Column({ type: 'text' })
  filterJson: string;

  @Field(() => OutboundWebhookEndpointStatus)
  @Column({ type: 'varchar', length: 16 })
  status: OutboundWebhookEndpointStatus;

  @Field(() => String, { nullable: true, description: 'Why it is paused (admin-visible)' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  pausedReason: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'datetime', precision: 3, nullable: true })
  pausedAt: Date | null;

  @Field(() => Int, {
    description: 'Failed attempts since the last success; pauses the endpoint at the limit',
  })
  @Column({ type: 'int' })
  consecutiveFailures: number;

  /** `whsec_<base64>`; never returned after creation or rotation. */
  @Column({ type: 'varchar', length: 255 })
  secret: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  previousSecret: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Until then deliveries carry a second signature, made with the previous secret',
  })
  @Column({ type: 'datetime', precision: 3, nullable: true })
  previousSecretExpiresAt: Date | null;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
