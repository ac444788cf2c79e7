import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { encodeCursor } from '../../graphql/connection';
import { ActivityDetails, activityDetails } from './activity-details.types';

/** Cursor kind shared by the `activity` connection and the subscriptions' `after` argument. */
export const ACTIVITY_CURSOR = 'activity';

/**
 * The activity outbox: one row per domain event, written in the same transaction as the change.
 * The auto-increment id is the ordered cursor subscribers resume from; publication happens after commit.
 * Summaries carry no personal data, so erasure never has to rewrite history.
 */
@Entity('activity_event')
@ObjectType({ description: 'One domain event from the activity outbox, published after its commit' })
export class ActivityEvent {
  @PrimaryGeneratedColumn()
  @Field(() => ID, { description: 'Ordered: a later commit of the same stream never has a smaller id' })
  id: number;

  @Index('IDX_activity_event_type')
  @Column({ type: 'varchar', length: 64 })
  @Field({ description: 'e.g. order.recorded, points.earned, tier.changed (README: Events)' })
  type: string;

  @Index('IDX_activity_event_member')
  @Column({ type: 'int', nullable: true })
  @Field(() => ID, { nullable: true, description: 'Null for events about no member (guest orders)' })
  memberId: number | null;

  @Index('IDX_activity_event_channel')
  @Column({ type: 'varchar', length: 32, nullable: true })
  @Field(() => String, { nullable: true })
  channel: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  @Field(() => String, { nullable: true })
  storeId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  @Field(() => String, { nullable: true, description: 'The plugin that caused the event, if any' })
  plugin: string | null;

  @Column({ type: 'varchar', length: 255 })
  @Field({ description: 'One line for people; ids and counts only, no personal data' })
  summary: string;

  @Column({ type: 'text' })
  payloadJson: string;

  @Column({ type: 'datetime', precision: 3 })
  @Field({ description: 'When the change was made (inside its transaction)' })
  occurredAt: Date;

  @Field({ description: 'Pass as `after` to resume a subscription or page the history from here' })
  get cursor(): string {
    return encodeCursor(ACTIVITY_CURSOR, this.id);
  }

  @Field(() => GraphQLJSONObject, { description: 'Snapshot after the change; its shape depends on `type`' })
  get payload(): Record<string, unknown> {
    return JSON.parse(this.payloadJson) as Record<string, unknown>;
  }

  @Field(() => ActivityDetails, {
    nullable: true,
    description:
      "The payload as a typed object for the event types of the catalogue (docs/events.md); null for events without details and for plugins' own events",
  })
  get details(): object | null {
    return activityDetails(this.type, this.payload);
  }
}
