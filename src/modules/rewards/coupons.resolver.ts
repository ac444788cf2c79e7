import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { BadUserInputError } from '../../common/errors';
import type { GraphQLContext } from '../../graphql/context';
import { Member, createMemberLoaders } from '../members';
import { Coupon } from './coupon.entity';
import type { RedemptionService } from './redemption.service';
import { RewardRedemption } from './reward-redemption.entity';
import { Reward } from './reward.entity';
import type { RewardLoadersFactory } from './rewards.loaders';

@Resolver(() => Coupon)
export class CouponsResolver {
  constructor(
    private readonly redemptions: RedemptionService,
    private readonly loaders: RewardLoadersFactory,
  ) {}

  @Authorized('staff', 'admin')
  @Mutation(() => Coupon, {
    description: 'Use a coupon at a till or a partner: ISSUED and valid → USED; anything else is CONFLICT',
  })
  redeemCoupon(@Arg('code') code: string, @Ctx() ctx: GraphQLContext): Promise<Coupon> {
    if (code.length > 64 || !/\S/.test(code))
      throw BadUserInputError.field('code', 'code is not a coupon code');
    return this.redemptions.redeemCoupon(ctx, code);
  }

  @FieldResolver(() => Reward)
  async reward(@Root() coupon: Coupon, @Ctx() ctx: GraphQLContext): Promise<Reward> {
    return (await ctx.loaders.get(this.loaders).rewardById.load(coupon.rewardId))!;
  }

  @FieldResolver(() => RewardRedemption, { nullable: true, description: 'null for a benefit coupon' })
  redemption(@Root() coupon: Coupon, @Ctx() ctx: GraphQLContext): Promise<RewardRedemption | null> | null {
    if (coupon.redemptionId === null) return null;
    return ctx.loaders.get(this.loaders).redemptionById.load(coupon.redemptionId);
  }

  @FieldResolver(() => Member)
  async member(@Root() coupon: Coupon, @Ctx() ctx: GraphQLContext): Promise<Member> {
    return (await ctx.loaders.get(createMemberLoaders).memberById.load(coupon.memberId))!;
  }
}
