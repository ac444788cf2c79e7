import { GraphQLSafeInt } from 'graphql-scalars';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { LifecycleStage, RfmSegment } from './insight.enums';

/**
 * 64-bit money columns: mysql2 answers BIGINT as a string (bigNumberStrings), SQLite as a number. Sums of
 * minor units stay far below 2^53, so a number is exact.
 */
const BIGINT_AS_NUMBER = {
  to: (value: number | null) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};

/** One member's RFM scores, segment, lifecycle stage, churn risk and CLV, as of the last recompute. */
@Entity('member_insight')
@Index('IDX_member_insight_segment', ['segment'])
@Index('IDX_member_insight_stage', ['lifecycleStage'])
@Index('IDX_member_insight_store', ['homeStoreId', 'segment'])
@ObjectType({ description: "A member's value and lifecycle figures (recomputed daily by insight-recompute)" })
export class MemberInsight {
  @PrimaryColumn({ type: 'int' })
  memberId: number;

  @Column({ type: 'int' })
  @Field(() => Int, { description: 'Orders counted (cancelled ones left out)' })
  orderCount: number;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  @Field(() => Date, { nullable: true })
  firstOrderAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  @Field(() => Date, { nullable: true })
  lastOrderAt: Date | null;

  @Column({ type: 'int', nullable: true })
  @Field(() => Int, { nullable: true, description: 'Whole days since the last order' })
  recencyDays: number | null;

  @Column({ type: 'bigint', transformer: BIGINT_AS_NUMBER })
  @Field(() => GraphQLSafeInt, { description: 'Net spend (merchandise minus refunds), minor units' })
  monetaryMinor: number;

  @Column({ type: 'int' })
  @Field(() => Int)
  averageOrderValueMinor: number;

  @Column({ type: 'double', nullable: true })
  @Field(() => Float, { nullable: true, description: 'Median days between orders (the member’s own rhythm)' })
  cadenceDays: number | null;

  @Column({ type: 'int', nullable: true })
  @Field(() => Int, { nullable: true, description: 'R, 1-5 (quintile among members with orders)' })
  recencyScore: number | null;

  @Column({ type: 'int', nullable: true })
  @Field(() => Int, { nullable: true, description: 'F, 1-5' })
  frequencyScore: number | null;

  @Column({ type: 'int', nullable: true })
  @Field(() => Int, { nullable: true, description: 'M, 1-5' })
  monetaryScore: number | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  @Field(() => RfmSegment, { nullable: true, description: 'Null until the member orders' })
  segment: RfmSegment | null;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => LifecycleStage)
  lifecycleStage: LifecycleStage;

  @Column({ type: 'datetime', precision: 3 })
  @Field({ description: 'When the stage last changed (or was first computed)' })
  lifecycleChangedAt: Date;

  @Column({ type: 'double', nullable: true })
  @Field(() => Float, { nullable: true, description: '0 (safe) to 1 (gone); README has the formula' })
  churnRisk: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: BIGINT_AS_NUMBER })
  @Field(() => GraphQLSafeInt, {
    nullable: true,
    description: 'Simple CLV in minor units: AOV × orders a year × expected years',
  })
  clvMinor: number | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  @Field(() => String, { nullable: true, description: 'The store of most of their orders' })
  homeStoreId: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  @Field(() => String, { nullable: true })
  mainChannel: string | null;

  @Column({ type: 'datetime', precision: 3 })
  @Field()
  computedAt: Date;

  /** Connections page by id: a member has one row, so its member id is the row's id. */
  get id(): number {
    return this.memberId;
  }
}
