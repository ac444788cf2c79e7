import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { FulfilmentStatus, RedemptionStatus } from './reward.enums';

/** A member spent points on a reward: the ledger entry, the coupon (or the gift's shipping state). */
@Entity('reward_redemption')
@Index('IDX_reward_redemption_member_reward', ['memberId', 'rewardId'])
@ObjectType({ description: 'Points spent on a reward' })
export class RewardRedemption {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  @Column({ type: 'int' })
  memberId: number;

  @Index('IDX_reward_redemption_reward')
  @Column({ type: 'int' })
  rewardId: number;

  @Column({ type: 'int' })
  @Field(() => Int)
  pointsSpent: number;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => RedemptionStatus)
  status: RedemptionStatus;

  @Column({ type: 'varchar', length: 16, nullable: true })
  @Field(() => FulfilmentStatus, { nullable: true, description: 'GIFT rewards only' })
  fulfilmentStatus: FulfilmentStatus | null;

  /** The SPEND entry; a cancellation gives it back with PointsLedger.returnSpend. */
  @Column({ type: 'int', nullable: true })
  ledgerEntryId: number | null;

  @Column({ type: 'datetime', precision: 3 })
  @Field()
  redeemedAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  @Field(() => Date, { nullable: true })
  cancelledAt: Date | null;

  @Column({ type: 'datetime', precision: 3 })
  @Field()
  updatedAt: Date;
}
