import { IsIn, IsInt, IsISO8601, IsOptional, Length, Matches, Max, Min } from 'class-validator';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';

const CODE = /^[a-z0-9][a-z0-9-]{1,31}$/;
const MEMBER_ID = /^\d{1,12}$/;
const KEY = /^[\w.:\-/]+$/;

@ObjectType({ description: 'A partner programme agreement (its credentials are never shown)' })
export class PartnerExchangeAgreement {
  @Field() code: string;
  @Field() name: string;
  @Field(() => Float, { description: 'Partner points per one of ours sent' }) outRate: number;
  @Field(() => Float, { description: 'Our points per partner point received' }) inRate: number;
  @Field(() => Int) bonusPercent: number;
  @Field(() => Int) minimumPoints: number;
  @Field(() => Int) stepPoints: number;
  @Field(() => Int) dailyCapPoints: number;
  @Field(() => Int) yearlyCapPoints: number;
  @Field() validFrom: string;
  @Field() validUntil: string;
  @Field({ description: 'True when today is inside the validity period' }) active: boolean;
}

@ObjectType({ description: 'A transfer of points with a partner programme, either way' })
export class PartnerExchangeTransfer {
  @Field(() => ID) id: string;
  @Field({ description: 'OUT: our points to the partner; IN: the partner credits our member' })
  direction: string;
  @Field() partnerCode: string;
  @Field(() => ID) memberId: string;
  @Field(() => Int) ourPoints: number;
  @Field(() => Int) partnerPoints: number;
  @Field({
    description:
      'OUT: RESERVED, UNCONFIRMED (no answer yet: points stay held, retried), CONFIRMED, REJECTED, FAILED; IN: CREDITED',
  })
  status: string;
  @Field(() => String, { nullable: true }) partnerReference: string | null;
  @Field(() => String, { nullable: true }) lastError: string | null;
  @Field() createdAt: Date;
  @Field() updatedAt: Date;
}

@ObjectType()
export class PartnerExchangeReceipt {
  @Field(() => PartnerExchangeTransfer) transfer: PartnerExchangeTransfer;
  @Field({ description: 'True when this transfer id was credited before: nothing was credited again' })
  duplicate: boolean;
}

@ObjectType()
export class PartnerExchangeQuote {
  @Field(() => Int) ourPoints: number;
  @Field(() => Int) partnerPoints: number;
}

@ObjectType({ description: 'One direction of a settlement period' })
export class PartnerExchangeSettlementSide {
  @Field(() => Int) transfers: number;
  @Field(() => Int) ourPoints: number;
  @Field(() => Int) partnerPoints: number;
  @Field(() => Int, { description: 'OUT: what we owe the partner; IN: what the partner owes us' })
  valueMinor: number;
}

@ObjectType({ description: 'What is owed between us and a partner for a period (confirmed transfers only)' })
export class PartnerExchangeSettlement {
  @Field() partnerCode: string;
  @Field() from: Date;
  @Field() to: Date;
  @Field() currency: string;
  @Field(() => PartnerExchangeSettlementSide) outbound: PartnerExchangeSettlementSide;
  @Field(() => PartnerExchangeSettlementSide) inbound: PartnerExchangeSettlementSide;
  @Field(() => Int, { description: 'Inbound value minus outbound value: positive, the partner owes us' })
  netMinor: number;
}

@ObjectType({ description: "A partner's health: breaker and the last 24 hours of transfers" })
export class PartnerExchangeHealth {
  @Field() partnerCode: string;
  @Field() agreementActive: boolean;
  @Field({ description: 'CLOSED, OPEN or HALF_OPEN (this server process)' }) breaker: string;
  @Field(() => Int) failuresInARow: number;
  @Field(() => Int, { description: 'Calls to the partner since this process started' }) calls: number;
  @Field(() => Int) failedCalls: number;
  @Field(() => Int) outboundTransfers: number;
  @Field(() => Int) confirmed: number;
  @Field(() => Int, { description: 'Refused by the partner or never sent (circuit open)' }) failed: number;
  @Field(() => Int, { description: 'Waiting for an answer; points held' }) unconfirmed: number;
  @Field(() => Int) inboundTransfers: number;
  @Field(() => Float, { nullable: true }) successRate: number | null;
  @Field(() => Float, { nullable: true }) failureRate: number | null;
}

@InputType()
export class PartnerExchangeQuoteInput {
  @Field()
  @Matches(CODE, { message: 'partnerCode must be a partner code' })
  partnerCode: string;

  @Field({ description: 'OUT (our points) or IN (partner points)' })
  @IsIn(['OUT', 'IN'])
  direction: 'OUT' | 'IN';

  @Field(() => Int, { description: "The sending side's points" })
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  points: number;
}

@InputType({ description: "Send our points to the member's account at a partner" })
export class PartnerExchangeTransferOutInput {
  @Field()
  @Matches(CODE, { message: 'partnerCode must be a partner code' })
  partnerCode: string;

  @Field(() => ID)
  @Matches(MEMBER_ID, { message: 'memberId must be a member id' })
  memberId: string;

  @Field({ description: "The member's account number at the partner" })
  @Length(1, 100)
  @Matches(/^[\w.:@-]+$/, { message: 'partnerMemberId may hold letters, digits and . : @ - _ only' })
  partnerMemberId: string;

  @Field(() => Int, { description: 'Our points to send' })
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  points: number;

  @Field()
  @Length(1, 100)
  @Matches(KEY, { message: 'idempotencyKey may hold letters, digits and . : - _ / only' })
  idempotencyKey: string;
}

@InputType({
  description:
    'A partner credits our member. signature = hex(HMAC-SHA256(shared secret, "<timestamp>.<partnerCode>.<partnerTransferId>.<memberId>.<partnerPoints>"))',
})
export class PartnerExchangeReceiveTransferInput {
  @Field()
  @Matches(CODE, { message: 'partnerCode must be a partner code' })
  partnerCode: string;

  @Field({ description: "The partner's transfer id: the same id is credited once" })
  @Length(1, 150)
  @Matches(KEY, { message: 'partnerTransferId may hold letters, digits and . : - _ / only' })
  partnerTransferId: string;

  @Field(() => ID)
  @Matches(MEMBER_ID, { message: 'memberId must be a member id' })
  memberId: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  partnerPoints: number;

  @Field(() => Int, { description: 'Unix seconds when the partner signed' })
  @IsInt()
  timestamp: number;

  @Field()
  @Matches(/^[0-9a-f]{64}$/, { message: 'signature must be 64 hex characters' })
  signature: string;
}

@InputType()
export class PartnerExchangeSettlementInput {
  @Field()
  @Matches(CODE, { message: 'partnerCode must be a partner code' })
  partnerCode: string;

  @Field({ description: 'Inclusive, ISO 8601' })
  @IsISO8601()
  from: string;

  @Field({ description: 'Exclusive, ISO 8601' })
  @IsISO8601()
  to: string;
}

@InputType()
export class PartnerExchangeTransfersFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @Matches(MEMBER_ID, { message: 'memberId must be a member id' })
  memberId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Matches(CODE, { message: 'partnerCode must be a partner code' })
  partnerCode?: string;
}
