import { GraphQLSafeInt } from 'graphql-scalars';
import { Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import { IsNumber, IsOptional, Length, Max, Min } from 'class-validator';
import { IsDateInRange } from '../../common/date-range';
import { ConnectionType } from '../../graphql/connection';
import { KpiGrouping, LifecycleStage, RfmSegment } from './insight.enums';
import { MemberInsight } from './member-insight.entity';

@InputType({ description: 'e.g. "members at risk in store X": segment AT_RISK, homeStoreId X' })
export class MemberInsightFilter {
  @Field(() => RfmSegment, { nullable: true })
  @IsOptional()
  segment?: RfmSegment;

  @Field(() => LifecycleStage, { nullable: true })
  @IsOptional()
  lifecycleStage?: LifecycleStage;

  @Field({ nullable: true, description: 'The store of most of their orders' })
  @IsOptional()
  @Length(1, 64)
  homeStoreId?: string;

  @Field(() => Float, { nullable: true, description: 'At least this churn risk (0-1)' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  minChurnRisk?: number;
}

@ObjectType()
export class MemberInsightConnection extends ConnectionType('MemberInsight', MemberInsight) {}

@InputType()
export class ProgramKpisInput {
  @Field()
  @IsDateInRange()
  from: Date;

  @Field()
  @IsDateInRange()
  to: Date;

  @Field(() => KpiGrouping, { defaultValue: KpiGrouping.NONE })
  groupBy: KpiGrouping;
}

@ObjectType({ description: 'Programme KPIs over [from, to) for one channel, store, or everything' })
export class ProgramKpis {
  @Field(() => String, { nullable: true, description: 'The channel or store; null for everything or none' })
  key: string | null;

  @Field(() => Int, { nullable: true, description: 'Joined in the period (by join channel); null by store' })
  newMembers: number | null;

  @Field(() => Int, { description: 'Members with at least one order in the period' })
  activeMembers: number;

  @Field(() => Int, { description: 'Orders (guests included), cancelled ones left out' })
  orders: number;

  // Money and points aggregates: a period's totals pass 2^31-1 (GraphQL Int) in a large programme.
  @Field(() => GraphQLSafeInt, { description: 'Merchandise net of refunds, minor units' })
  revenueMinor: number;

  @Field(() => Int, { nullable: true })
  averageOrderValueMinor: number | null;

  @Field(() => Float, {
    nullable: true,
    description: '% of active members with two or more orders in the period',
  })
  repurchaseRate: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      '% of the members active in the previous period of the same length who bought again in this one',
  })
  retentionRate: number | null;

  @Field(() => GraphQLSafeInt)
  pointsIssued: number;

  @Field(() => GraphQLSafeInt)
  pointsRedeemed: number;

  @Field(() => GraphQLSafeInt)
  pointsExpired: number;

  @Field(() => Float, { nullable: true, description: '% of issued points redeemed in the period' })
  redemptionRate: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Breakage: % of issued points that expired in the period',
  })
  breakageRate: number | null;

  @Field(() => Int)
  npsResponses: number;

  @Field(() => Float, { nullable: true })
  nps: number | null;
}
