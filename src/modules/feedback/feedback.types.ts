import { Field, Float, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../graphql/connection';
import { FeedbackResponse } from './feedback-response.entity';
import { Survey } from './survey.entity';

@ObjectType({ description: 'Feedback aggregates for one group (a period, store, channel or tier)' })
export class FeedbackSummaryRow {
  @Field(() => String, {
    nullable: true,
    description: 'The period (2026-03, 2026-03-02), store, channel or tier code; null for "none" or unknown',
  })
  key: string | null;

  @Field(() => Int)
  responses: number;

  @Field(() => Int, { description: 'Responses that answered NPS' })
  npsResponses: number;

  @Field(() => Int, { description: 'NPS 9-10' })
  promoters: number;

  @Field(() => Int, { description: 'NPS 7-8' })
  passives: number;

  @Field(() => Int, { description: 'NPS 0-6' })
  detractors: number;

  @Field(() => Float, {
    nullable: true,
    description: '% promoters − % detractors (−100 to 100); null without answers',
  })
  nps: number | null;

  @Field(() => Int)
  csatResponses: number;

  @Field(() => Float, { nullable: true, description: '% of CSAT answers that are 4 or 5' })
  csat: number | null;

  @Field(() => Int)
  cesResponses: number;

  @Field(() => Float, { nullable: true, description: 'Mean customer effort, 1-7 (lower is easier)' })
  ces: number | null;
}

@ObjectType()
export class SubmitFeedbackPayload {
  @Field(() => FeedbackResponse)
  response: FeedbackResponse;

  @Field({ description: 'True when this answered an earlier delivery with the same externalId' })
  alreadySubmitted: boolean;

  @Field({ description: 'True when the response was a detractor (NPS 0-6) and raised an alert' })
  detractorAlert: boolean;
}

@ObjectType()
export class SurveyConnection extends ConnectionType('Survey', Survey) {}

@ObjectType()
export class FeedbackResponseConnection extends ConnectionType('FeedbackResponse', FeedbackResponse) {}
