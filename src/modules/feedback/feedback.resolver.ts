import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  InputType,
  Field,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { IsOptional, MaxLength } from 'class-validator';
import { ConnectionArgs, connectionComplexity, decodeCursor, toConnection } from '../../graphql/connection';
import type { GraphQLContext } from '../../graphql/context';
import { Member, createMemberLoaders } from '../members';
import { parseId } from '../../common/ids';
import { FeedbackResponse } from './feedback-response.entity';
import { FeedbackSummaryInput, SubmitFeedbackInput } from './feedback.inputs';
import { createFeedbackLoaders } from './feedback.loaders';
import type { FeedbackService } from './feedback.service';
import { FeedbackResponseConnection, FeedbackSummaryRow, SubmitFeedbackPayload } from './feedback.types';
import { Survey } from './survey.entity';

@InputType()
export class FeedbackResponseFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @MaxLength(20)
  memberId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @MaxLength(20)
  surveyId?: string;

  @Field({ nullable: true, description: 'Only NPS 0-6: the responses support should follow up' })
  @IsOptional()
  detractorsOnly?: boolean;
}

/** Thin: roles and ids; the service does the rest. */
@Resolver(() => FeedbackResponse)
export class FeedbackResolver {
  constructor(private readonly feedback: FeedbackService) {}

  @Authorized('member', 'staff', 'admin')
  @Mutation(() => SubmitFeedbackPayload, {
    description:
      'Answer a survey (members for themselves). Once per survey and order; completing it earns points through the SURVEY_COMPLETED rules, once per survey',
  })
  submitFeedback(@Arg('input') input: SubmitFeedbackInput, @Ctx() ctx: GraphQLContext) {
    return this.feedback.submit(ctx, input);
  }

  @Authorized('staff', 'admin')
  @Query(() => FeedbackResponseConnection, { complexity: connectionComplexity, description: 'Newest first' })
  async feedbackResponses(
    @Args(() => ConnectionArgs) { first, after }: ConnectionArgs,
    @Arg('filter', () => FeedbackResponseFilter, { nullable: true }) filter: FeedbackResponseFilter | null,
  ) {
    const rows = await this.feedback.responses(
      {
        memberId: filter?.memberId ? parseId(filter.memberId, 'filter.memberId', 'a member id') : null,
        surveyId: filter?.surveyId ? parseId(filter.surveyId, 'filter.surveyId', 'a survey id') : null,
        detractorsOnly: filter?.detractorsOnly ?? false,
      },
      decodeCursor('feedback', after),
      first + 1,
    );
    return toConnection('feedback', rows, first);
  }

  @Authorized('staff', 'admin')
  @Query(() => [FeedbackSummaryRow], {
    description: 'NPS, CSAT, CES and response counts over [from, to), by period, store, channel or tier',
  })
  feedbackSummary(@Arg('input') input: FeedbackSummaryInput): Promise<FeedbackSummaryRow[]> {
    return this.feedback.summary(input);
  }

  @FieldResolver(() => Survey)
  async survey(@Root() response: FeedbackResponse, @Ctx() ctx: GraphQLContext): Promise<Survey> {
    return (await ctx.loaders.get(createFeedbackLoaders).surveyById.load(response.surveyId))!;
  }

  @FieldResolver(() => Member)
  async member(@Root() response: FeedbackResponse, @Ctx() ctx: GraphQLContext): Promise<Member> {
    return (await ctx.loaders.get(createMemberLoaders).memberById.load(response.memberId))!;
  }
}
