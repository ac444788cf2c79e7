import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** What an agent did or learnt while working an alert; append-only, oldest first. */
@Entity('detractor_alert_note')
@Index('IDX_detractor_alert_note_alert', ['alertId'])
@Index('UQ_detractor_alert_note_key', ['alertId', 'idempotencyKey'], { unique: true })
@ObjectType({ description: 'A note an agent left on a detractor alert' })
export class DetractorAlertNote {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  @Column({ type: 'int' })
  alertId: number;

  @Column({ type: 'varchar', length: 16 })
  @Field()
  authorRole: string;

  @Column({ type: 'varchar', length: 191 })
  @Field({ description: "The agent's subject (token `sub`)" })
  author: string;

  @Column({ type: 'varchar', length: 2000 })
  @Field()
  body: string;

  /** The caller's key: a retried note with the same key is stored once (NULLs never collide). */
  @Column({ type: 'varchar', length: 100, nullable: true })
  idempotencyKey: string | null;

  @Column({ type: 'datetime', precision: 3 })
  @Field()
  createdAt: Date;
}
