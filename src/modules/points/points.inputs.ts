import { IsCurrencyCode } from '../../common/currency-code';
import { Field, ID, InputType, Int } from 'type-graphql';
import {
  IsInt,
  IsOptional,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  NotEquals,
} from 'class-validator';
import { ExpiryMode, ReversalShortfallPolicy, SpendOrder } from './points.enums';

const KEY_PATTERN = /^[\w.:\-/]+$/;
const KEY_MESSAGE = 'idempotencyKey may hold letters, digits and . : - _ / only';

@InputType({ description: 'A staff correction; the reason is mandatory and audited' })
export class AdjustPointsInput {
  @Field(() => ID)
  memberId: string;

  @Field(() => Int, { description: 'Positive adds, negative takes (never below zero)' })
  @IsInt()
  @NotEquals(0)
  @Min(-10_000_000)
  @Max(10_000_000)
  points: number;

  @Field()
  @MinLength(3)
  @MaxLength(255)
  reason: string;

  @Field({ description: 'Retrying with the same key returns the first result' })
  @Length(1, 120)
  @Matches(KEY_PATTERN, { message: KEY_MESSAGE })
  idempotencyKey: string;
}

@InputType()
export class QuotePointsPaymentInput {
  @Field(() => ID)
  memberId: string;

  @Field(() => Int, { description: 'Amount to pay with points, in minor units (cents)' })
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  amountMinor: number;

  @Field()
  @IsCurrencyCode()
  currency: string;
}

@InputType({ description: 'Hold points for a payment until it is captured or released' })
export class AuthorisePointsPaymentInput extends QuotePointsPaymentInput {
  @Field({ description: "The payment provider's or checkout's reference; one hold per reference" })
  @Length(1, 120)
  @Matches(KEY_PATTERN, { message: 'paymentReference may hold letters, digits and . : - _ / only' })
  paymentReference: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Seconds until an uncaptured hold releases itself (policy default)',
  })
  @IsOptional()
  @IsInt()
  @Min(30)
  @Max(7 * 86_400)
  ttlSeconds?: number | null;

  @Field()
  @Length(1, 120)
  @Matches(KEY_PATTERN, { message: KEY_MESSAGE })
  idempotencyKey: string;
}

@InputType()
export class RefundPointsPaymentInput {
  @Field()
  @Length(1, 120)
  paymentReference: string;

  @Field(() => Int, { nullable: true, description: 'Minor units to refund; absent = all that is left' })
  @IsOptional()
  @IsInt()
  @Min(1)
  amountMinor?: number | null;

  @Field()
  @Length(1, 120)
  @Matches(KEY_PATTERN, { message: KEY_MESSAGE })
  idempotencyKey: string;
}

@InputType({ description: 'Change the points policy; absent fields keep their value' })
export class UpdatePointsPolicyInput {
  @Field(() => ExpiryMode, { nullable: true })
  @IsOptional()
  expiryMode?: ExpiryMode;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(36_500)
  expiryDays?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(365)
  pendingDays?: number;

  @Field(() => SpendOrder, { nullable: true })
  @IsOptional()
  spendOrder?: SpendOrder;

  @Field(() => ReversalShortfallPolicy, { nullable: true })
  @IsOptional()
  reversalShortfall?: ReversalShortfallPolicy;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  pointsPerCurrencyUnit?: number;

  @Field({ nullable: true })
  @IsOptional()
  @IsCurrencyCode()
  currency?: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(30)
  @Max(7 * 86_400)
  holdTtlSeconds?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  expiryWarningDays?: number;
}
