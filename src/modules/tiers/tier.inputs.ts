import { IsCurrencyCode } from '../../common/currency-code';
import { ArgsType, Field, Float, ID, InputType, Int } from 'type-graphql';
import {
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
} from 'class-validator';
import { TierRequirement } from './tier.enums';

/** Int columns hold up to 2^31-1; thresholds and fees stay well inside. */
const MAX_AMOUNT = 2_000_000_000;
export const TIER_CODE_PATTERN = /^[A-Z][A-Z0-9_]{1,31}$/;
const CODE_MESSAGE =
  'code must be 2-32 upper-case letters, digits or underscores, starting with a letter, e.g. GOLD';

/** Fields shared by create and update; on update an absent field is kept and null clears a nullable one. */
@InputType('TierFieldsBase') // only inherited, never referenced: not emitted
abstract class TierFields {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Minimum net qualifying spend in the window, minor units',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT)
  minimumSpendMinor?: number | null;

  @Field(() => Int, { nullable: true, description: 'Minimum orders in the window' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT)
  minimumOrders?: number | null;

  @Field(() => Int, { nullable: true, description: 'Minimum qualifying points earned in the window' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT)
  minimumPoints?: number | null;

  @Field(() => TierRequirement, { nullable: true, description: 'Default ANY' })
  @IsOptional()
  @IsEnum(TierRequirement)
  requirement?: TierRequirement;

  @Field(() => Float, {
    nullable: true,
    description: 'Greater than 0, at most 3 decimals, e.g. 1.25; default 1',
  })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 3, allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(100)
  earnMultiplier?: number;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  freeShipping?: boolean;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  priorityService?: boolean;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  exclusiveRewards?: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Shown to members, e.g. "Double points in your birthday month"',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  birthdayGift?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Sold, not earned: never reached by qualification' })
  @IsOptional()
  @IsBoolean()
  paid?: boolean;

  @Field(() => Int, { nullable: true, description: 'Annual fee of a paid tier, minor units' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT)
  annualFeeMinor?: number | null;

  @Field(() => String, { nullable: true, description: 'ISO 4217 code of the annual fee, e.g. EUR' })
  @IsOptional()
  @IsCurrencyCode()
  annualFeeCurrency?: string | null;
}

@InputType()
export class CreateTierInput extends TierFields {
  @Field({ description: 'Stable key, e.g. GOLD; cannot change later' })
  @Matches(TIER_CODE_PATTERN, { message: CODE_MESSAGE })
  code: string;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @Matches(/\S/, { message: 'name must not be blank' })
  name: string;

  @Field(() => Int)
  @IsInt()
  @Min(0)
  @Max(1000)
  rank: number;
}

@InputType()
export class UpdateTierInput extends TierFields {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @Matches(/\S/, { message: 'name must not be blank' })
  name?: string;

  @Field(() => Int, { nullable: true, description: '0 is the entry tier; unique; higher is better' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  rank?: number;
}

@InputType()
export class UpdateTierSettingsInput {
  @Field(() => Int, { nullable: true, description: '1 to 36' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(36)
  windowMonths?: number;

  @Field(() => Int, { nullable: true, description: '1 to 36' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(36)
  reviewCadenceMonths?: number;

  @Field(() => Int, { nullable: true, description: '0 to 365; 0 downgrades at the review itself' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(365)
  graceDays?: number;
}

@ArgsType()
export class AssignTierArgs {
  @Field(() => ID)
  memberId: string;

  @Field()
  @Matches(TIER_CODE_PATTERN, { message: CODE_MESSAGE })
  tierCode: string;

  @Field({ description: 'Why (kept in the history and the audit log; visible to the member)' })
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason: string;
}
