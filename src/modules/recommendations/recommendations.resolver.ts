import { Arg, Args, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { Principal } from '../../auth/principal';
import type { GraphQLContext } from '../../graphql/context';
import { parseMemberId } from '../members';
import type { RecommendationModelService } from './recommendation-model.service';
import { invalidMember, type RecommendationsService } from './recommendations.service';
import {
  DismissRecommendationInput,
  DismissRecommendationPayload,
  ProductRecommendation,
  ProductRecommendationsArgs,
  RewardRecommendation,
  RewardRecommendationsArgs,
} from './recommendations.types';
import { clock } from '../../common/clock';

/** The member asked about: given (staff, or a member naming themselves), or the calling member. */
function memberOf(principal: Principal | null, raw: string | undefined): number {
  if (raw) return parseMemberId(raw, 'memberId');
  if (principal?.role === 'member' && principal.memberId) return principal.memberId;
  throw invalidMember();
}

@Resolver()
export class RecommendationsResolver {
  constructor(
    private readonly recommendations: RecommendationsService,
    private readonly model: RecommendationModelService,
  ) {}

  @Authorized('member', 'staff', 'admin')
  @Query(() => [ProductRecommendation], {
    complexity: ({ args, childComplexity }) => 1 + (args.first ?? 10) * childComplexity,
    description:
      'Products for a member: item-to-item CF from co-purchases, content (categories, attributes), popularity for new members; each with its reason. Dismissed products never come back',
  })
  productRecommendations(
    @Args(() => ProductRecommendationsArgs) args: ProductRecommendationsArgs,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ProductRecommendation[]> {
    return this.recommendations.products(ctx, memberOf(ctx.principal, args.memberId), {
      first: args.first,
      excludePurchased: args.excludePurchased,
      category: args.category ?? null,
      favourSustainable: args.favourSustainable,
    });
  }

  @Authorized('member', 'staff', 'admin')
  @Query(() => [RewardRecommendation], {
    complexity: ({ args, childComplexity }) => 1 + (args.first ?? 5) * childComplexity,
    description:
      "The rewards the member can redeem now, by their likelihood to redeem (past redemptions, kind, price against their points) and the programme's value",
  })
  rewardRecommendations(
    @Args(() => RewardRecommendationsArgs) args: RewardRecommendationsArgs,
    @Ctx() ctx: GraphQLContext,
  ): Promise<RewardRecommendation[]> {
    return this.recommendations.rewards(ctx, memberOf(ctx.principal, args.memberId), args.first);
  }

  @Authorized('member', 'staff', 'admin')
  @Mutation(() => DismissRecommendationPayload, {
    description: '"Not for me": the product or reward is not recommended to this member again',
  })
  dismissRecommendation(
    @Arg('input') input: DismissRecommendationInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<DismissRecommendationPayload> {
    return this.recommendations.dismiss(
      ctx,
      memberOf(ctx.principal, input.memberId),
      input.itemType,
      input.itemId,
    );
  }

  @Authorized('admin')
  @Mutation(() => String, {
    description: 'Run the incremental model recompute now (normally hourly); answers its report as JSON',
  })
  async recomputeRecommendations(): Promise<string> {
    return JSON.stringify(await this.model.recompute(clock.now()));
  }
}
