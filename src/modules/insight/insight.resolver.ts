import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, connectionComplexity, decodeCursor, toConnection } from '../../graphql/connection';
import type { GraphQLContext } from '../../graphql/context';
import { Member, createMemberLoaders } from '../members';
import { InsightSettings, UpdateInsightSettingsInput } from './insight-settings.entity';
import { createInsightLoaders } from './insight.loaders';
import type { InsightService } from './insight.service';
import { MemberInsightConnection, MemberInsightFilter, ProgramKpis, ProgramKpisInput } from './insight.types';
import { MemberInsight } from './member-insight.entity';

/** Thin: roles and arguments; the service does the rest. */
@Resolver(() => MemberInsight)
export class InsightResolver {
  constructor(private readonly insight: InsightService) {}

  @Authorized('staff', 'admin')
  @Query(() => MemberInsightConnection, {
    complexity: connectionComplexity,
    description: 'Members by segment, lifecycle stage, home store and churn risk (by member id)',
  })
  async memberInsights(
    @Args(() => ConnectionArgs) { first, after }: ConnectionArgs,
    @Arg('filter', () => MemberInsightFilter, { nullable: true }) filter: MemberInsightFilter | null,
  ) {
    const rows = await this.insight.page(filter ?? {}, decodeCursor('member-insight', after), first + 1);
    return toConnection('member-insight', rows, first);
  }

  @Authorized('staff', 'admin')
  @Query(() => [ProgramKpis], {
    description: 'New and active members, retention, repurchase, AOV, points issued/redeemed/expired, NPS',
  })
  programKpis(@Arg('input') input: ProgramKpisInput): Promise<ProgramKpis[]> {
    return this.insight.kpis(input);
  }

  @Authorized('staff', 'admin')
  @Query(() => InsightSettings)
  insightSettings(): Promise<InsightSettings> {
    return this.insight.settings();
  }

  @Authorized('admin')
  @Mutation(() => InsightSettings, { description: 'Lifecycle thresholds and the CLV horizon (audited)' })
  updateInsightSettings(
    @Arg('input') input: UpdateInsightSettingsInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<InsightSettings> {
    return this.insight.updateSettings(ctx, input);
  }

  @FieldResolver(() => Member)
  async member(@Root() row: MemberInsight, @Ctx() ctx: GraphQLContext): Promise<Member> {
    return (await ctx.loaders.get(createMemberLoaders).memberById.load(row.memberId))!;
  }
}

@Resolver(() => Member)
export class MemberInsightFieldsResolver {
  @FieldResolver(() => MemberInsight, {
    nullable: true,
    description: 'RFM, segment, lifecycle stage, churn risk and CLV (null until insight-recompute has run)',
  })
  insight(@Root() member: Member, @Ctx() ctx: GraphQLContext): Promise<MemberInsight | null> {
    return ctx.loaders.get(createInsightLoaders).insightByMemberId.load(member.id);
  }
}
