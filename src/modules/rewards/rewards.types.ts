import { Field, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../graphql/connection';
import { Coupon } from './coupon.entity';
import { RewardRedemption } from './reward-redemption.entity';
import { Reward } from './reward.entity';

@ObjectType()
export class RewardConnection extends ConnectionType('Reward', Reward) {
  countRewards: () => Promise<number>;

  @Field(() => Int, { description: 'Rewards matching the filter (a separate count: ask only when needed)' })
  totalCount(): Promise<number> {
    return this.countRewards();
  }
}

@ObjectType({ description: "A member's coupons, newest first" })
export class CouponConnection extends ConnectionType('Coupon', Coupon) {}

@ObjectType({ description: "A member's redemptions, newest first" })
export class RewardRedemptionConnection extends ConnectionType('RewardRedemption', RewardRedemption) {}
