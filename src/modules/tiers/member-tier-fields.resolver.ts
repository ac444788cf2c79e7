import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, connectionComplexity, decodeCursor, toConnection } from '../../graphql/connection';
import type { GraphQLContext, LoaderFactory } from '../../graphql/context';
import { Member } from '../members';
import { MemberTierStatus, TierChangeConnection, TierProgress } from './member-tier.types';
import { TierChange } from './tier-change.entity';
import { Tier } from './tier.entity';
import type { TierLoaders } from './tiers.loaders';

/**
 * Tier fields on Member (members see their own through src/graphql/member-access-guard.ts); every one
 * goes through the request's loaders.
 */
@Resolver(() => Member)
export class MemberTierFieldsResolver {
  constructor(private readonly loaders: LoaderFactory<TierLoaders>) {}

  @FieldResolver(() => MemberTierStatus, {
    nullable: true,
    description: "The member's tier; null only while the ladder has no entry tier",
  })
  tier(@Root() member: Member, @Ctx() ctx: GraphQLContext): Promise<MemberTierStatus | null> {
    return ctx.loaders.get(this.loaders).statusByMemberId.load(member.id);
  }

  @FieldResolver(() => TierProgress, {
    nullable: true,
    description: 'Progress to the next tier and to keep this one',
  })
  tierProgress(@Root() member: Member, @Ctx() ctx: GraphQLContext): Promise<TierProgress | null> {
    return ctx.loaders.get(this.loaders).progressByMemberId.load(member.id);
  }

  @FieldResolver(() => TierChangeConnection, {
    complexity: connectionComplexity,
    description: 'Newest first',
  })
  async tierHistory(
    @Root() member: Member,
    @Args(() => ConnectionArgs) { first, after }: ConnectionArgs,
    @Ctx() ctx: GraphQLContext,
  ): Promise<TierChangeConnection> {
    const afterId = decodeCursor('tier-change', after);
    const rows = await ctx.loaders
      .get(this.loaders)
      .historyByMember.load({ memberId: member.id, first, afterId });
    return toConnection('tier-change', rows, first);
  }
}

@Resolver(() => TierChange)
export class TierChangeFieldsResolver {
  constructor(private readonly loaders: LoaderFactory<TierLoaders>) {}

  @FieldResolver(() => Tier, {
    nullable: true,
    description: 'Null when the member came from the entry tier by default',
  })
  from(@Root() change: TierChange, @Ctx() ctx: GraphQLContext): Promise<Tier | null> | null {
    if (change.fromTierId === null) return null;
    return ctx.loaders.get(this.loaders).tierById(change.fromTierId);
  }

  @FieldResolver(() => Tier)
  async to(@Root() change: TierChange, @Ctx() ctx: GraphQLContext): Promise<Tier> {
    return (await ctx.loaders.get(this.loaders).tierById(change.toTierId))!;
  }
}
