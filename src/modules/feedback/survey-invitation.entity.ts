import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A post-purchase survey invitation: one per (survey, order), with an unguessable token a survey
 * plugin puts in its link (Typeform hidden field) so the answer comes back to the right member and order.
 */
@Entity('survey_invitation')
@Index('UQ_survey_invitation_order', ['surveyId', 'orderId'], { unique: true })
@Index('IDX_survey_invitation_member', ['memberId'])
@ObjectType({ description: 'An invitation to answer a survey about one order' })
export class SurveyInvitation {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  @Column({ type: 'int' })
  surveyId: number;

  @Column({ type: 'int' })
  memberId: number;

  @Column({ type: 'int' })
  orderId: number;

  @Index('UQ_survey_invitation_token', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  @Field({ description: 'Put it in the survey link; submitFeedback(invitationToken) answers it' })
  token: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  @Field(() => String, { nullable: true })
  channel: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  @Field(() => String, { nullable: true })
  storeId: string | null;

  @Column({ type: 'datetime', precision: 3 })
  @Field()
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  @Field(() => Date, { nullable: true })
  respondedAt: Date | null;

  @Column({ type: 'int', nullable: true })
  responseId: number | null;
}
