import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { connectionComplexity, ConnectionArgs, decodeCursor, toConnection } from '../../graphql/connection';
import type { GraphQLContext } from '../../graphql/context';
import { Member, isActiveMembership } from '../members';
import { AffordableRewardsArgs, CouponsArgs } from './reward.args';
import { Reward } from './reward.entity';
import type { RewardLoadersFactory } from './rewards.loaders';
import { CouponConnection, RewardRedemptionConnection } from './rewards.types';

/**
 * The rewards context's fields on Member. Every one goes through the request's loaders, so a members
 * list with coupons and affordable rewards runs the same statements for 5 members or 100.
 */
@Resolver(() => Member)
export class MemberRewardsFieldsResolver {
  constructor(private readonly loaders: RewardLoadersFactory) {}

  @FieldResolver(() => CouponConnection, { complexity: connectionComplexity, description: 'Newest first' })
  async coupons(
    @Root() member: Member,
    @Args(() => CouponsArgs) { first, after, status }: CouponsArgs,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CouponConnection> {
    const rows = await ctx.loaders.get(this.loaders).couponsPage.load({
      memberId: member.id,
      limit: first + 1,
      beforeId: decodeCursor('coupon', after),
      status: status ?? null,
    });
    return toConnection('coupon', rows, first);
  }

  @FieldResolver(() => RewardRedemptionConnection, {
    complexity: connectionComplexity,
    description: 'Newest first',
  })
  async redemptions(
    @Root() member: Member,
    @Args(() => ConnectionArgs) { first, after }: ConnectionArgs,
    @Ctx() ctx: GraphQLContext,
  ): Promise<RewardRedemptionConnection> {
    const rows = await ctx.loaders.get(this.loaders).redemptionsPage.load({
      memberId: member.id,
      limit: first + 1,
      beforeId: decodeCursor('redemption', after),
    });
    return toConnection('redemption', rows, first);
  }

  @FieldResolver(() => [Reward], {
    complexity: ({ args, childComplexity }) => 1 + (args.first ?? 10) * childComplexity,
    description:
      'Rewards the member can redeem now (offered, in stock, tier-eligible, within the available points): tier-exclusive first, then cheapest',
  })
  affordableRewards(
    @Root() member: Member,
    @Args(() => AffordableRewardsArgs) { first }: AffordableRewardsArgs,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Reward[]> | Reward[] {
    if (!isActiveMembership(member)) return [];
    return ctx.loaders.get(this.loaders).affordableRewards.load({ memberId: member.id, first });
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      "The member's code to share with friends, created on first ask (null for inactive members without one)",
  })
  async referralCode(@Root() member: Member, @Ctx() ctx: GraphQLContext): Promise<string | null> {
    const loaders = ctx.loaders.get(this.loaders);
    const existing = await loaders.referralCode.load(member.id);
    if (existing !== null || !isActiveMembership(member)) return existing;
    return loaders.newReferralCode.load(member.id);
  }
}
