import { Field, ID, InputType, Int } from 'type-graphql';
import { IsBoolean, IsInt, IsOptional, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsDateInRange } from '../../common/date-range';
import { IsChannelKey } from '../../common/channel-key';
import { FeedbackGrouping } from './feedback.enums';

@InputType()
export class CreateSurveyInput {
  @Field()
  @Length(1, 64)
  @Matches(/^[A-Z0-9][A-Z0-9_-]*$/, { message: 'code must be upper-case letters, digits, - and _' })
  code: string;

  @Field()
  @Length(1, 200)
  title: string;

  @Field({ defaultValue: false })
  @IsBoolean()
  asksNps: boolean;

  @Field({ defaultValue: false })
  @IsBoolean()
  asksCsat: boolean;

  @Field({ defaultValue: false })
  @IsBoolean()
  asksCes: boolean;

  @Field({ defaultValue: false })
  @IsBoolean()
  asksSuggestion: boolean;
}

@InputType()
export class UpdateSurveyInput {
  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 200)
  title?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

@InputType({
  description: 'Answers to a survey: give the survey (or an invitation token) and at least one answer',
})
export class SubmitFeedbackInput {
  @Field(() => ID, { nullable: true, description: 'Required unless invitationToken is given' })
  @IsOptional()
  @MaxLength(20)
  surveyId?: string;

  @Field({ nullable: true, description: 'From a post-purchase invitation: names survey, member and order' })
  @IsOptional()
  @Length(16, 64)
  invitationToken?: string;

  @Field(() => ID, { nullable: true, description: 'Staff and plugins: whose answers. Members: themselves' })
  @IsOptional()
  @MaxLength(20)
  memberId?: string;

  @Field(() => ID, { nullable: true, description: 'The order the answers are about (post-purchase)' })
  @IsOptional()
  @MaxLength(20)
  orderId?: string;

  @Field({ nullable: true, description: 'Ignored when an order is given: its store is used' })
  @IsOptional()
  @Length(1, 64)
  storeId?: string;

  @Field({ nullable: true, description: 'Ignored when an order is given: its channel is used' })
  @IsOptional()
  @IsChannelKey()
  channel?: string;

  @Field(() => Int, { nullable: true, description: 'Likelihood to recommend, 0-10' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10)
  nps?: number;

  @Field(() => Int, { nullable: true, description: 'Satisfaction, 1-5' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  csat?: number;

  @Field(() => Int, { nullable: true, description: 'Effort, 1 (very easy) to 7 (very hard)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(7)
  ces?: number;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 2000)
  suggestion?: string;

  @Field({ nullable: true, description: "The vendor's response id: a redelivery returns the first response" })
  @IsOptional()
  @Length(1, 191)
  externalId?: string;
}

@InputType()
export class CreateSurveyInvitationInput {
  @Field(() => ID)
  @MaxLength(20)
  surveyId: string;

  @Field(() => ID)
  @MaxLength(20)
  orderId: string;
}

@InputType({ description: 'Which responses to aggregate: submitted in [from, to), optionally narrowed' })
export class FeedbackSummaryInput {
  @Field()
  @IsDateInRange()
  from: Date;

  @Field()
  @IsDateInRange()
  to: Date;

  @Field(() => FeedbackGrouping, { defaultValue: FeedbackGrouping.NONE })
  groupBy: FeedbackGrouping;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @MaxLength(20)
  surveyId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 64)
  storeId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsChannelKey()
  channel?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 32)
  tierCode?: string;
}
