import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { NonNegativeChecks } from '../../data/non-negative-checks';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DiscountKind, RewardType } from './reward.enums';

/**
 * An item of the points mall. Stock and the redeemed count change only through conditional updates
 * (`stock >= 1`, `redeemedCount < globalLimit`), so concurrent redemptions never oversell.
 */
@Entity('reward')
@NonNegativeChecks('reward', ['stock', 'redeemedCount'])
@ObjectType({ description: 'A reward of the points mall (catalog item)' })
export class Reward {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  @Index('UQ_reward_code', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  @Field({ description: 'Stable business key, e.g. COFFEE-VOUCHER' })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  @Field()
  name: string;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  @Field(() => String, { nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => RewardType)
  type: RewardType;

  @Column({ type: 'int' })
  @Field(() => Int)
  pointsPrice: number;

  @Column({ type: 'int', nullable: true })
  @Field(() => Int, { nullable: true, description: 'Units left; null = unlimited' })
  stock: number | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  @Field(() => Date, { nullable: true })
  validFrom: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  @Field(() => Date, { nullable: true })
  validUntil: Date | null;

  @Column({ type: 'int', nullable: true })
  @Field(() => Int, {
    nullable: true,
    description: 'Redemptions per member (not cancelled); null = no limit',
  })
  perMemberLimit: number | null;

  @Column({ type: 'int', nullable: true })
  @Field(() => Int, { nullable: true, description: 'Redemptions in total (not cancelled); null = no limit' })
  globalLimit: number | null;

  @Column({ type: 'int', default: 0 })
  @Field(() => Int, { description: 'Redemptions that are not cancelled' })
  redeemedCount: number;

  @Column({ type: 'varchar', length: 32, nullable: true })
  @Field(() => String, {
    nullable: true,
    description: 'Lowest tier that may redeem it (tier-exclusive reward); null = every member',
  })
  minimumTierCode: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  @Field(() => DiscountKind, { nullable: true, description: 'COUPON and DISCOUNT rewards only' })
  discountKind: DiscountKind | null;

  @Column({ type: 'int', nullable: true })
  @Field(() => Int, { nullable: true, description: 'Percent (1-100) or an amount in minor units' })
  discountValue: number | null;

  @Column({ type: 'varchar', length: 3, nullable: true })
  @Field(() => String, { nullable: true, description: 'ISO 4217 code of an AMOUNT discount' })
  discountCurrency: string | null;

  @Column({ type: 'int', nullable: true })
  @Field(() => Int, { nullable: true, description: 'Days an issued coupon stays valid; null = no expiry' })
  couponValidityDays: number | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  @Field(() => String, { nullable: true, description: 'PARTNER_VOUCHER rewards only' })
  partnerName: string | null;

  @Column({ type: 'boolean', default: false })
  @Field({ description: 'Issued free as a coupon by the birthday job' })
  birthdayGift: boolean;

  @Column({ type: 'boolean', default: false })
  @Field({ description: 'Issued free as a coupon by the member-day job' })
  memberDayBenefit: boolean;

  @Column({ type: 'boolean', default: true })
  @Field()
  active: boolean;

  @Column({ type: 'datetime', precision: 3 })
  @Field()
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  @Field()
  updatedAt: Date;
}
