import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, connectionComplexity, decodeCursor, toConnection } from '../../graphql/connection';
import type { GraphQLContext } from '../../graphql/context';
import { parseId } from '../../common/ids';
import { CreateSurveyInput, CreateSurveyInvitationInput, UpdateSurveyInput } from './feedback.inputs';
import { createFeedbackLoaders } from './feedback.loaders';
import { SurveyConnection } from './feedback.types';
import { SurveyInvitation } from './survey-invitation.entity';
import { Survey } from './survey.entity';
import type { SurveysService } from './surveys.service';

@Resolver(() => Survey)
export class SurveysResolver {
  constructor(private readonly service: SurveysService) {}

  @Authorized('member', 'staff', 'admin')
  @Query(() => SurveyConnection, { complexity: connectionComplexity })
  async surveys(@Args(() => ConnectionArgs) { first, after }: ConnectionArgs) {
    const rows = await this.service.page(decodeCursor('survey', after), first + 1);
    return toConnection('survey', rows, first);
  }

  @Authorized('member', 'staff', 'admin')
  @Query(() => Survey)
  survey(@Arg('id', () => ID) id: string): Promise<Survey> {
    return this.service.getById(parseId(id, 'id', 'a survey id'));
  }

  @Authorized('admin')
  @Mutation(() => Survey, { description: 'Define a survey: the measures it asks (audited)' })
  createSurvey(@Arg('input') input: CreateSurveyInput, @Ctx() ctx: GraphQLContext): Promise<Survey> {
    return this.service.create(ctx, input);
  }

  @Authorized('admin')
  @Mutation(() => Survey, { description: 'Rename, close or reopen a survey (audited)' })
  updateSurvey(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateSurveyInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Survey> {
    return this.service.update(ctx, parseId(id, 'id', 'a survey id'), input);
  }

  @Authorized('staff', 'admin')
  @Mutation(() => SurveyInvitation, {
    description:
      'The post-purchase invitation for (survey, order): created once, the same token on every ask',
  })
  createSurveyInvitation(
    @Arg('input') input: CreateSurveyInvitationInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<SurveyInvitation> {
    return this.service.invite(ctx, input);
  }

  @Authorized('member', 'staff', 'admin')
  @Query(() => SurveyInvitation, { description: 'Look an invitation up by its token (members: their own)' })
  surveyInvitation(@Arg('token') token: string, @Ctx() ctx: GraphQLContext): Promise<SurveyInvitation> {
    return this.service.invitationByToken(ctx, token);
  }
}

@Resolver(() => SurveyInvitation)
export class SurveyInvitationFieldsResolver {
  @FieldResolver(() => Survey)
  async survey(@Root() invitation: SurveyInvitation, @Ctx() ctx: GraphQLContext): Promise<Survey> {
    return (await ctx.loaders.get(createFeedbackLoaders).surveyById.load(invitation.surveyId))!;
  }

  @FieldResolver(() => ID)
  orderId(@Root() invitation: SurveyInvitation): string {
    return String(invitation.orderId);
  }

  @FieldResolver(() => ID)
  memberId(@Root() invitation: SurveyInvitation): string {
    return String(invitation.memberId);
  }
}
