import { IsInt, IsOptional, Length, Matches, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum StripePointsPaymentStatus {
  HELD = 'HELD',
  CAPTURED = 'CAPTURED',
  RELEASED = 'RELEASED',
  EXPIRED = 'EXPIRED',
}
registerEnumType(StripePointsPaymentStatus, {
  name: 'StripePointsPaymentStatus',
  description: 'HELD until captured (card part succeeded), released (cancelled) or expired (abandoned)',
});

const MEMBER_ID = /^\d{1,12}$/;
const PAYMENT_INTENT = /^pi_[A-Za-z0-9_]{1,100}$/;
const KEY = /^[\w.:\-/]+$/;

@ObjectType({ description: 'How many points pay for an amount, and whether the member has them' })
export class StripePointsQuote {
  @Field(() => Int)
  amountMinor: number;

  @Field()
  currency: string;

  @Field(() => Int)
  points: number;

  @Field(() => Int, { description: 'The programme rate: points per currency unit' })
  pointsPerCurrencyUnit: number;

  @Field(() => Int)
  available: number;

  @Field()
  sufficient: boolean;
}

@ObjectType({ description: 'The points part of a Stripe checkout, held on the core ledger' })
export class StripePointsPayment {
  @Field()
  paymentIntentId: string;

  @Field(() => ID)
  memberId: string;

  @Field(() => Int)
  points: number;

  @Field(() => Int)
  refundedPoints: number;

  @Field(() => StripePointsPaymentStatus)
  status: StripePointsPaymentStatus;

  @Field({ description: 'An uncaptured hold releases itself at this time' })
  expiresAt: Date;

  @Field(() => Int, { description: "The member's available points after this" })
  available: number;
}

@InputType()
export class StripePointsQuoteInput {
  @Field(() => ID)
  @Matches(MEMBER_ID, { message: 'memberId must be a member id' })
  memberId: string;

  @Field(() => Int, { description: 'Amount to pay with points, in minor units' })
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  amountMinor: number;

  @Field()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency: string;
}

@InputType({ description: 'Hold points for the PaymentIntent that pays the rest by card' })
export class StripePointsAuthoriseInput extends StripePointsQuoteInput {
  @Field()
  @Matches(PAYMENT_INTENT, { message: 'paymentIntentId must be a Stripe PaymentIntent id (pi_...)' })
  paymentIntentId: string;

  @Field(() => Int, { nullable: true, description: 'Seconds before an uncaptured hold releases itself' })
  @IsOptional()
  @IsInt()
  @Min(30)
  @Max(7 * 86_400)
  ttlSeconds?: number | null;

  @Field()
  @Length(1, 80)
  @Matches(KEY, { message: 'idempotencyKey may hold letters, digits and . : - _ / only' })
  idempotencyKey: string;
}

@InputType()
export class StripePointsRefundInput {
  @Field()
  @Matches(PAYMENT_INTENT, { message: 'paymentIntentId must be a Stripe PaymentIntent id (pi_...)' })
  paymentIntentId: string;

  @Field(() => Int, { nullable: true, description: 'Minor units to refund; absent = all that is left' })
  @IsOptional()
  @IsInt()
  @Min(1)
  amountMinor?: number | null;

  @Field()
  @Length(1, 80)
  @Matches(KEY, { message: 'idempotencyKey may hold letters, digits and . : - _ / only' })
  idempotencyKey: string;
}
