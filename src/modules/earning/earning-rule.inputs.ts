import { ArgsType, Field, Float, ID, InputType, Int } from 'type-graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsEnum,
  IsInt,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsDateInRange } from '../../common/date-range';
import { Type } from 'class-transformer';
import { IsChannelKey } from '../../common/channel-key';
import { Behaviour } from './behaviour';
import { EarningRuleKind, EarningRuleStacking } from './earning-rule.enums';
import { LIMITS } from './earning-rule.validation';

const TIER_CODE_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * Parameters of any kind in one input (GraphQL has no input unions): send the fields your rule's kind
 * uses; a field of another kind, or a missing required one, is BAD_USER_INPUT naming the field.
 */
@InputType()
export class EarningRuleParametersInput {
  @Field(() => Float, { nullable: true, description: 'BASE_RATE: points per unitAmountMinor spent' })
  @IsOptional()
  @IsNumber()
  @IsPositive()
  @Max(LIMITS.pointsPerUnitMax)
  pointsPerUnit?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'BASE_RATE: the currency unit in minor units (default 100)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(LIMITS.unitAmountMinorMax)
  unitAmountMinor?: number | null;

  @Field(() => Float, { nullable: true, description: 'SKU_, CATEGORY_ and ORDER_MULTIPLIER: greater than 0' })
  @IsOptional()
  @IsNumber()
  @IsPositive()
  @Max(LIMITS.multiplierMax)
  multiplier?: number | null;

  @Field(() => Int, { nullable: true, description: 'SKU_FIXED and CATEGORY_FIXED: points per item' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(LIMITS.pointsMax)
  pointsPerItem?: number | null;

  @Field(() => Int, { nullable: true, description: 'ORDER_FIXED (per order) and BEHAVIOUR (per award)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(LIMITS.pointsMax)
  points?: number | null;

  @Field(() => [String], { nullable: true, description: 'SKU_MULTIPLIER and SKU_FIXED' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(LIMITS.listMax)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(LIMITS.codeMax, { each: true })
  skus?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'CATEGORY_MULTIPLIER and CATEGORY_FIXED' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(LIMITS.listMax)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(LIMITS.codeMax, { each: true })
  categories?: string[] | null;

  @Field(() => [Int], {
    nullable: true,
    description: 'ORDER_MULTIPLIER: ISO weekdays, 1 = Monday ... 7 = Sunday',
  })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(7)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  daysOfWeek?: number[] | null;

  @Field(() => [Int], { nullable: true, description: 'ORDER_MULTIPLIER: days of the month, 1-31' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(31)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(31, { each: true })
  daysOfMonth?: number[] | null;

  @Field(() => Int, { nullable: true, description: 'ORDER_MULTIPLIER and ORDER_FIXED' })
  @IsOptional()
  @IsInt()
  @Min(0)
  minimumOrderTotalMinor?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'ORDER_MULTIPLIER and BEHAVIOUR: IANA zone for days and cap periods (default UTC)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string | null;

  @Field(() => Behaviour, { nullable: true, description: 'BEHAVIOUR: what the rule rewards' })
  @IsOptional()
  @IsEnum(Behaviour)
  behaviour?: Behaviour | null;

  @Field(() => Int, { nullable: true, description: 'BEHAVIOUR: paid awards per calendar day' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(LIMITS.capMax)
  capPerDay?: number | null;

  @Field(() => Int, { nullable: true, description: 'BEHAVIOUR: paid awards per ISO week' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(LIMITS.capMax)
  capPerWeek?: number | null;

  @Field(() => Int, { nullable: true, description: 'BEHAVIOUR: paid awards per calendar month' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(LIMITS.capMax)
  capPerMonth?: number | null;
}

@InputType({ description: 'Who a rule is for; an absent or empty list means everyone on that dimension' })
export class EarningRuleTargetingInput {
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @Matches(TIER_CODE_PATTERN, {
    each: true,
    message: 'tierCodes must be codes of 1-32 letters, digits, _ or -',
  })
  tierCodes?: string[] | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsChannelKey({ each: true })
  channels?: string[] | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(LIMITS.listMax)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(64, { each: true })
  storeIds?: string[] | null;
}

@InputType()
export class CreateEarningRuleInput {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(/\S/, { message: 'name must not be blank' })
  name: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string | null;

  @Field(() => EarningRuleKind)
  @IsEnum(EarningRuleKind)
  kind: EarningRuleKind;

  @Field(() => Int, {
    defaultValue: 0,
    description: 'Higher applies first; equal priorities apply in id order',
  })
  @IsInt()
  @Min(-LIMITS.priorityMax)
  @Max(LIMITS.priorityMax)
  priority: number;

  @Field(() => EarningRuleStacking, { defaultValue: EarningRuleStacking.COMBINABLE })
  @IsEnum(EarningRuleStacking)
  stacking: EarningRuleStacking;

  @Field({ defaultValue: true })
  @IsBoolean()
  active: boolean;

  @Field(() => Date, { nullable: true, description: 'Inclusive' })
  @IsOptional()
  @IsDateInRange()
  startsAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Exclusive; must be after startsAt' })
  @IsOptional()
  @IsDateInRange()
  endsAt?: Date | null;

  @Field(() => EarningRuleTargetingInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => EarningRuleTargetingInput)
  targeting?: EarningRuleTargetingInput | null;

  @Field(() => EarningRuleParametersInput)
  @ValidateNested()
  @Type(() => EarningRuleParametersInput)
  parameters: EarningRuleParametersInput;
}

/** Absent fields are kept; null clears description, startsAt and endsAt. The kind cannot change. */
@InputType()
export class UpdateEarningRuleInput {
  @Field(() => Int, {
    nullable: true,
    description:
      'The version you edited: a different current version is CONFLICT (someone changed it meanwhile)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(/\S/, { message: 'name must not be blank' })
  name?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(-LIMITS.priorityMax)
  @Max(LIMITS.priorityMax)
  priority?: number | null;

  @Field(() => EarningRuleStacking, { nullable: true })
  @IsOptional()
  @IsEnum(EarningRuleStacking)
  stacking?: EarningRuleStacking | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDateInRange()
  startsAt?: Date | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDateInRange()
  endsAt?: Date | null;

  @Field(() => EarningRuleTargetingInput, { nullable: true, description: 'Replaces the targeting whole' })
  @IsOptional()
  @ValidateNested()
  @Type(() => EarningRuleTargetingInput)
  targeting?: EarningRuleTargetingInput | null;

  @Field(() => EarningRuleParametersInput, { nullable: true, description: 'Replaces the parameters whole' })
  @IsOptional()
  @ValidateNested()
  @Type(() => EarningRuleParametersInput)
  parameters?: EarningRuleParametersInput | null;
}

@InputType({ description: 'All given criteria must match' })
export class EarningRuleFilter {
  @Field(() => EarningRuleKind, { nullable: true })
  @IsOptional()
  @IsEnum(EarningRuleKind)
  kind?: EarningRuleKind | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean | null;

  @Field(() => Behaviour, { nullable: true })
  @IsOptional()
  @IsEnum(Behaviour)
  behaviour?: Behaviour | null;
}

/** A staff award: the reference makes it once-only per member and behaviour (e.g. `survey:12`). */
@ArgsType()
export class AwardBehaviourArgs {
  @Field(() => ID)
  @IsString()
  memberId: string;

  @Field(() => Behaviour)
  @IsEnum(Behaviour)
  behaviour: Behaviour;

  @Field({ description: 'What was done, unique per member and behaviour, e.g. survey:12 or review:981' })
  @IsString()
  @MinLength(1)
  @MaxLength(191)
  @Matches(/\S/, { message: 'reference must not be blank' })
  reference: string;

  @Field(() => String, { nullable: true, description: 'Where it happened, for channel-targeted rules' })
  @IsOptional()
  @IsChannelKey()
  channel?: string | null;

  @Field(() => String, { nullable: true, description: 'Where it happened, for store-targeted rules' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  storeId?: string | null;
}
