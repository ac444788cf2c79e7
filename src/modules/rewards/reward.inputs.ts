import { IsCurrencyCode } from '../../common/currency-code';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import {
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { IsDateInRange } from '../../common/date-range';
import { DiscountKind, RewardType } from './reward.enums';

export const REWARD_CODE_PATTERN = /^[A-Z0-9][A-Z0-9_-]{1,63}$/;
const CODE_MESSAGE =
  'code must be 2-64 upper-case letters, digits, dashes or underscores, e.g. COFFEE-VOUCHER';
const MAX_POINTS = 100_000_000;

@InputType()
export class RewardFilter {
  @Field(() => RewardType, { nullable: true })
  @IsOptional()
  @IsEnum(RewardType)
  type?: RewardType | null;

  @Field({ defaultValue: true, description: 'Only active rewards inside their validity window' })
  @IsBoolean()
  activeOnly: boolean = true;

  @Field(() => ID, {
    nullable: true,
    description:
      'Only rewards this member can redeem now: offered, in stock, tier-eligible and within their available points',
  })
  @IsOptional()
  @IsString()
  affordableFor?: string | null;
}

/** Fields an update may change; null clears a nullable field, an absent one is kept. */
@InputType('RewardFieldsBase')
class RewardFields {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @Field(() => Int, { nullable: true, description: 'Units available; null = unlimited' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_POINTS)
  stock?: number | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDateInRange()
  validFrom?: Date | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDateInRange()
  validUntil?: Date | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_POINTS)
  perMemberLimit?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_POINTS)
  globalLimit?: number | null;

  @Field(() => String, { nullable: true, description: 'Code of the lowest tier that may redeem it' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(32)
  minimumTierCode?: string | null;

  @Field(() => DiscountKind, { nullable: true })
  @IsOptional()
  @IsEnum(DiscountKind)
  discountKind?: DiscountKind | null;

  @Field(() => Int, { nullable: true, description: 'Percent (1-100) or an amount in minor units' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_POINTS)
  discountValue?: number | null;

  @Field(() => String, { nullable: true, description: 'ISO 4217, for an AMOUNT discount' })
  @IsOptional()
  @IsCurrencyCode()
  discountCurrency?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  couponValidityDays?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  partnerName?: string | null;
}

@InputType()
export class CreateRewardInput extends RewardFields {
  @Field({ description: 'Unique, upper-case, e.g. COFFEE-VOUCHER' })
  @Matches(REWARD_CODE_PATTERN, { message: CODE_MESSAGE })
  code: string;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(/\S/, { message: 'name must not be blank' })
  name: string;

  @Field(() => RewardType)
  @IsEnum(RewardType)
  type: RewardType;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(MAX_POINTS)
  pointsPrice: number;

  @Field({ defaultValue: false })
  @IsBoolean()
  birthdayGift: boolean = false;

  @Field({ defaultValue: false })
  @IsBoolean()
  memberDayBenefit: boolean = false;

  @Field({ defaultValue: true })
  @IsBoolean()
  active: boolean = true;
}

@InputType({ description: 'The code and type of a reward never change; absent fields are kept' })
export class UpdateRewardInput extends RewardFields {
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(/\S/, { message: 'name must not be blank' })
  name?: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_POINTS)
  pointsPrice?: number;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  birthdayGift?: boolean;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  memberDayBenefit?: boolean;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

@ArgsType()
export class RedeemRewardArgs {
  @Field(() => ID)
  @IsString()
  rewardId: string;

  @Field(() => ID)
  @IsString()
  memberId: string;

  @Field({
    description:
      'A retry with the same key returns the first redemption; another input is IDEMPOTENCY_MISMATCH',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  idempotencyKey: string;
}

@ArgsType()
export class CouponSupportArgs {
  @Field(() => ID)
  @IsString()
  id: string;

  @Field({ description: 'Why (audited): 3 to 255 characters' })
  @IsString()
  @MinLength(3)
  @MaxLength(255)
  reason: string;

  @Field({
    description: 'A retry with the same key returns the first result; another input is IDEMPOTENCY_MISMATCH',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  idempotencyKey: string;
}
