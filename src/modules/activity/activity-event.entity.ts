import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The activity outbox: one row per domain event, written in the same transaction as the change.
 * The auto-increment id is the ordered cursor subscribers resume from; publication happens after commit.
 * Summaries carry no personal data, so erasure never has to rewrite history.
 */
@Entity('activity_event')
export class ActivityEvent {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 64 })
  type: string;

  @Index('IDX_activity_event_member')
  @Column({ type: 'int', nullable: true })
  memberId: number | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  channel: string | null;

  @Column({ type: 'varchar', length: 255 })
  summary: string;

  @Column({ type: 'text' })
  payloadJson: string;

  @Column({ type: 'datetime', precision: 3 })
  occurredAt: Date;
}
