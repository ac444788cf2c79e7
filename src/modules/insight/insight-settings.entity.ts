import { Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import { IsNumber, IsInt, IsOptional, Max, Min } from 'class-validator';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The lifecycle thresholds, relative to each member's own cadence (one row, admin-editable). */
@Entity('insight_settings')
@ObjectType({ description: 'Lifecycle thresholds and the CLV horizon' })
export class InsightSettings {
  @PrimaryColumn({ type: 'int' })
  id: number;

  @Column({ type: 'double' })
  @Field(() => Float, { description: 'DECLINING after this many cadences without an order (default 1.5)' })
  decliningAfterCadences: number;

  @Column({ type: 'double' })
  @Field(() => Float, {
    description: 'CHURNED after this many (default 3); a longer gap before an order = REACTIVATED',
  })
  churnedAfterCadences: number;

  @Column({ type: 'int' })
  @Field(() => Int, { description: 'Cadence of members with one order (default 60 days)' })
  defaultCadenceDays: number;

  @Column({ type: 'int' })
  @Field(() => Int, { description: 'MATURE from this many orders (default 5)' })
  matureOrders: number;

  @Column({ type: 'double' })
  @Field(() => Float, { description: 'Expected years in the simple CLV (default 3)' })
  clvYears: number;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  @Field(() => Date, { nullable: true })
  updatedAt: Date | null;
}

@InputType()
export class UpdateInsightSettingsInput {
  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber()
  @Min(1)
  @Max(20)
  decliningAfterCadences?: number;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber()
  @Min(1)
  @Max(50)
  churnedAfterCadences?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(7)
  @Max(730)
  defaultCadenceDays?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(2)
  @Max(100)
  matureOrders?: number;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber()
  @Min(0.5)
  @Max(20)
  clvYears?: number;
}
