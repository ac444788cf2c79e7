import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { Member, parseMemberId, createMemberLoaders } from '../members';
import { Coupon } from './coupon.entity';
import type { RedemptionService } from './redemption.service';
import { parseId } from '../../common/ids';
import { RewardRedemption } from './reward-redemption.entity';
import { Reward } from './reward.entity';
import { FulfilmentStatus } from './reward.enums';
import { RedeemRewardArgs } from './reward.inputs';
import type { RewardLoadersFactory } from './rewards.loaders';

@Resolver(() => RewardRedemption)
export class RedemptionsResolver {
  constructor(
    private readonly redemptions: RedemptionService,
    private readonly loaders: RewardLoadersFactory,
  ) {}

  @Authorized('member', 'staff', 'admin')
  @Mutation(() => RewardRedemption, {
    description:
      'Spend points on a reward: a member for themselves, staff for anyone. Idempotent on the key.',
  })
  redeemReward(
    @Args(() => RedeemRewardArgs) args: RedeemRewardArgs,
    @Ctx() ctx: GraphQLContext,
  ): Promise<RewardRedemption> {
    return this.redemptions.redeem(ctx, {
      rewardId: parseId(args.rewardId, 'rewardId', 'a reward id'),
      memberId: parseMemberId(args.memberId, 'memberId'),
      idempotencyKey: args.idempotencyKey,
    });
  }

  @Authorized('member', 'staff', 'admin')
  @Mutation(() => RewardRedemption, {
    description:
      'Take a redemption back and return its points: members while the coupon is unused or the gift unshipped, staff any',
  })
  cancelRedemption(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<RewardRedemption> {
    return this.redemptions.cancel(ctx, parseId(id, 'id', 'a redemption id'));
  }

  @Authorized('staff', 'admin')
  @Mutation(() => RewardRedemption, { description: 'Move a gift forward: PENDING → SHIPPED → DELIVERED' })
  updateRedemptionFulfilment(
    @Arg('id', () => ID) id: string,
    @Arg('status', () => FulfilmentStatus) status: FulfilmentStatus,
    @Ctx() ctx: GraphQLContext,
  ): Promise<RewardRedemption> {
    return this.redemptions.updateFulfilment(ctx, parseId(id, 'id', 'a redemption id'), status);
  }

  @FieldResolver(() => Reward)
  async reward(@Root() redemption: RewardRedemption, @Ctx() ctx: GraphQLContext): Promise<Reward> {
    return (await ctx.loaders.get(this.loaders).rewardById.load(redemption.rewardId))!;
  }

  @FieldResolver(() => Coupon, { nullable: true, description: 'The coupon issued (not for a GIFT)' })
  coupon(@Root() redemption: RewardRedemption, @Ctx() ctx: GraphQLContext): Promise<Coupon | null> {
    return ctx.loaders.get(this.loaders).couponByRedemptionId.load(redemption.id);
  }

  @FieldResolver(() => Member)
  async member(@Root() redemption: RewardRedemption, @Ctx() ctx: GraphQLContext): Promise<Member> {
    return (await ctx.loaders.get(createMemberLoaders).memberById.load(redemption.memberId))!;
  }
}
