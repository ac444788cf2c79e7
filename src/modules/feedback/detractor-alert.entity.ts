import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum DetractorAlertStatus {
  OPEN = 'OPEN',
  CLAIMED = 'CLAIMED',
  RESOLVED = 'RESOLVED',
}

registerEnumType(DetractorAlertStatus, {
  name: 'DetractorAlertStatus',
  description: 'OPEN: nobody works it yet; CLAIMED: one agent works it; RESOLVED: the loop is closed',
});

/**
 * A detractor answer (NPS 0-6) waiting for support to close the loop, raised in the same transaction
 * as the answer. The claim is a conditional update (`WHERE status = 'OPEN'`), so of two agents who
 * click at once exactly one gets it and the other is told who has it.
 */
@Entity('detractor_alert')
@Index('UQ_detractor_alert_response', ['responseId'], { unique: true })
@Index('IDX_detractor_alert_status', ['status', 'id'])
@Index('IDX_detractor_alert_member', ['memberId'])
@ObjectType({
  description: 'A detractor answer in the support queue: claim it, note what was done, resolve it',
})
export class DetractorAlert {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  @Column({ type: 'int' })
  responseId: number;

  @Column({ type: 'int' })
  memberId: number;

  @Column({ type: 'int' })
  @Field(() => Int, { description: 'The NPS score (0-6) that raised it' })
  npsScore: number;

  @Column({ type: 'varchar', length: 16, default: DetractorAlertStatus.OPEN })
  @Field(() => DetractorAlertStatus)
  status: DetractorAlertStatus;

  @Column({ type: 'varchar', length: 16, nullable: true })
  @Field(() => String, { nullable: true, description: 'Role of the agent working it (staff or admin)' })
  claimedByRole: string | null;

  @Column({ type: 'varchar', length: 191, nullable: true })
  @Field(() => String, { nullable: true, description: "The agent's subject (token `sub`)" })
  claimedBy: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  @Field(() => Date, { nullable: true })
  claimedAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  @Field(() => Date, { nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  @Field(() => String, { nullable: true, description: 'How the loop was closed' })
  resolution: string | null;

  @Column({ type: 'datetime', precision: 3 })
  @Field({ description: 'When the detractor answered' })
  raisedAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  @Field()
  updatedAt: Date;
}
