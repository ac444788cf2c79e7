import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Field, ID, ObjectType } from 'type-graphql';
import { ReferralStatus } from './reward.enums';

/** A friend (referee) joined with a member's (referrer's) code; both are rewarded on the first order. */
@Entity('referral')
@ObjectType({ description: "A friend joined with a member's referral code" })
export class Referral {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  /** A member can be referred once. */
  @Index('UQ_referral_referee', { unique: true })
  @Column({ type: 'int' })
  refereeId: number;

  @Index('IDX_referral_referrer')
  @Column({ type: 'int' })
  referrerId: number;

  @Column({ type: 'varchar', length: 16 })
  @Field()
  code: string;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => ReferralStatus)
  status: ReferralStatus;

  @Column({ type: 'int', nullable: true })
  orderId: number | null;

  @Column({ type: 'datetime', precision: 3 })
  @Field()
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  @Field(() => Date, { nullable: true })
  rewardedAt: Date | null;
}
