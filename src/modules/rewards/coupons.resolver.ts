import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { BadUserInputError } from '../../common/errors';
import { parseId } from '../../common/ids';
import type { GraphQLContext } from '../../graphql/context';
import { Member, createMemberLoaders } from '../members';
import { Coupon } from './coupon.entity';
import type { CouponSupportService } from './coupon-support.service';
import type { RedemptionService } from './redemption.service';
import { RewardRedemption } from './reward-redemption.entity';
import { Reward } from './reward.entity';
import { CouponSupportArgs } from './reward.inputs';
import type { RewardLoadersFactory } from './rewards.loaders';

@Resolver(() => Coupon)
export class CouponsResolver {
  constructor(
    private readonly redemptions: RedemptionService,
    private readonly loaders: RewardLoadersFactory,
    private readonly support: CouponSupportService,
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

  @Authorized('staff', 'admin')
  @Mutation(() => Coupon, {
    description:
      'Withdraw an unused, unexpired coupon (VOID) with a reason; audited, idempotent on the key. Used, expired, cancelled or void is CONFLICT',
  })
  voidCoupon(
    @Args(() => CouponSupportArgs) args: CouponSupportArgs,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Coupon> {
    return this.support.voidCoupon(ctx, this.call(args));
  }

  @Authorized('staff', 'admin')
  @Mutation(() => Coupon, {
    description:
      'Void a coupon (issued or expired) and issue the member a new code of the same reward: the old end if unexpired, a fresh one if expired. Audited, idempotent on the key; returns the new coupon',
  })
  reissueCoupon(
    @Args(() => CouponSupportArgs) args: CouponSupportArgs,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Coupon> {
    return this.support.reissueCoupon(ctx, this.call(args));
  }

  private call(args: CouponSupportArgs) {
    if (args.reason.trim().length < 3)
      throw BadUserInputError.field('reason', 'reason must be 3 to 255 characters');
    return {
      couponId: parseId(args.id, 'id', 'a coupon id'),
      reason: args.reason.trim(),
      idempotencyKey: args.idempotencyKey,
    };
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

  @FieldResolver(() => Coupon, {
    nullable: true,
    description: 'The coupon this one was re-issued for (reissueCoupon); null otherwise',
  })
  replaces(@Root() coupon: Coupon, @Ctx() ctx: GraphQLContext): Promise<Coupon | null> | null {
    if (coupon.replacesCouponId === null) return null;
    return ctx.loaders.get(this.loaders).couponById.load(coupon.replacesCouponId);
  }

  @FieldResolver(() => Coupon, {
    nullable: true,
    description: 'The coupon re-issued in place of this one (it is then VOID); null otherwise',
  })
  replacedBy(@Root() coupon: Coupon, @Ctx() ctx: GraphQLContext): Promise<Coupon | null> {
    return ctx.loaders.get(this.loaders).couponReplacing.load(coupon.id);
  }

  @FieldResolver(() => Member)
  async member(@Root() coupon: Coupon, @Ctx() ctx: GraphQLContext): Promise<Member> {
    return (await ctx.loaders.get(createMemberLoaders).memberById.load(coupon.memberId))!;
  }
}
