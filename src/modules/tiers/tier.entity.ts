import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { NonNegativeChecks } from '../../data/non-negative-checks';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { TierRequirement } from './tier.enums';
import { TierBenefits, TierThresholds } from './tier.types';

/**
 * One rung of the ladder. The ladder is data: admins create and change tiers; code only knows that
 * rank 0 is the entry tier every member without a row is on, and that paid tiers are only assigned.
 */
@Entity('tier')
@NonNegativeChecks('tier', ['rank', 'minSpendMinor', 'minOrders', 'minPoints', 'annualFeeMinor'])
@ObjectType({ description: 'A level of the loyalty ladder with its thresholds and benefits' })
export class Tier {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  /** Stable key (earning rules and rewards target tiers by code), so it never changes. */
  @Index('UQ_tier_code', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  @Field({ description: 'Stable key, e.g. GOLD' })
  code: string;

  @Column({ type: 'varchar', length: 64 })
  @Field()
  name: string;

  @Index('UQ_tier_rank', { unique: true })
  @Column({ type: 'int' })
  @Field(() => Int, { description: '0 is the entry tier; higher is better' })
  rank: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  @Field(() => String, { nullable: true })
  description: string | null;

  @Column({ type: 'int', nullable: true })
  minSpendMinor: number | null;

  @Column({ type: 'int', nullable: true })
  minOrders: number | null;

  @Column({ type: 'int', nullable: true })
  minPoints: number | null;

  @Column({ type: 'varchar', length: 3 })
  requirement: TierRequirement;

  /** The multiplier in thousandths (1250 = 1.25), so it is stored and compared exactly. */
  @Column({ type: 'int' })
  earnMultiplierPermille: number;

  @Column({ type: 'boolean', default: false })
  freeShipping: boolean;

  @Column({ type: 'boolean', default: false })
  priorityService: boolean;

  @Column({ type: 'boolean', default: false })
  exclusiveRewards: boolean;

  @Column({ type: 'varchar', length: 500, nullable: true })
  birthdayGift: string | null;

  /** A paid tier (e.g. PLUS) is never reached by qualification, only assigned. */
  @Column({ type: 'boolean', default: false })
  @Field({ description: 'Sold, not earned: only assigned, never reached by qualification' })
  paid: boolean;

  @Column({ type: 'int', nullable: true })
  @Field(() => Int, { nullable: true, description: 'Annual fee of a paid tier, in minor units' })
  annualFeeMinor: number | null;

  @Column({ type: 'varchar', length: 3, nullable: true })
  @Field(() => String, { nullable: true, description: 'ISO 4217 currency of the annual fee' })
  annualFeeCurrency: string | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  @Field()
  updatedAt: Date;

  @Field(() => TierThresholds)
  get thresholds(): TierThresholds {
    return {
      requirement: this.requirement,
      minimumSpendMinor: this.minSpendMinor,
      minimumOrders: this.minOrders,
      minimumPoints: this.minPoints,
    };
  }

  @Field(() => TierBenefits)
  get benefits(): TierBenefits {
    return {
      earnMultiplier: this.earnMultiplierPermille / 1000,
      freeShipping: this.freeShipping,
      priorityService: this.priorityService,
      exclusiveRewards: this.exclusiveRewards,
      birthdayGift: this.birthdayGift,
    };
  }
}
