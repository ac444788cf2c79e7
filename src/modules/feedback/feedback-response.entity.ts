import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One answered survey. `subjectKey` is `order:<id>` for a post-purchase answer and `member` otherwise,
 * so a member answers a survey once per order (or once), enforced by a unique index on both engines
 * (a nullable order id would not be: NULLs never collide in unique indexes).
 * Store, channel and tier are snapshots at submission: the aggregates group by what was true then.
 */
@Entity('feedback_response')
@Index('UQ_feedback_response_subject', ['surveyId', 'memberId', 'subjectKey'], { unique: true })
@Index('UQ_feedback_response_external', ['surveyId', 'externalId'], { unique: true })
@Index('IDX_feedback_response_submitted', ['submittedAt'])
@Index('IDX_feedback_response_member', ['memberId'])
@ObjectType({ description: "A member's answers to a survey" })
export class FeedbackResponse {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  @Column({ type: 'int' })
  surveyId: number;

  @Column({ type: 'int' })
  memberId: number;

  @Column({ type: 'int', nullable: true })
  @Field(() => ID, { nullable: true, description: 'The order it is about (post-purchase surveys)' })
  orderId: number | null;

  @Column({ type: 'varchar', length: 40 })
  subjectKey: string;

  @Column({ type: 'int', nullable: true })
  invitationId: number | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  @Field(() => String, { nullable: true })
  channel: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  @Field(() => String, { nullable: true })
  storeId: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  @Field(() => String, { nullable: true, description: "The member's tier code when they answered" })
  tierCode: string | null;

  @Column({ type: 'int', nullable: true })
  @Field(() => Int, { nullable: true, description: '0-10' })
  npsScore: number | null;

  @Column({ type: 'int', nullable: true })
  @Field(() => Int, { nullable: true, description: '1-5' })
  csatScore: number | null;

  @Column({ type: 'int', nullable: true })
  @Field(() => Int, { nullable: true, description: '1-7' })
  cesScore: number | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  @Field(() => String, { nullable: true })
  suggestion: string | null;

  @Column({ type: 'varchar', length: 191, nullable: true })
  @Field(() => String, {
    nullable: true,
    description:
      "The survey vendor's response id (e.g. Typeform's token): a redelivery answers the first response",
  })
  externalId: string | null;

  @Column({ type: 'varchar', length: 64 })
  @Field({ description: 'Who submitted it: member, staff or plugin:<name>' })
  source: string;

  @Column({ type: 'int', default: 0 })
  @Field(() => Int, { description: 'Points this response earned (0 when no rule pays, or already paid)' })
  pointsAwarded: number;

  @Column({ type: 'datetime', precision: 3 })
  @Field()
  submittedAt: Date;
}
