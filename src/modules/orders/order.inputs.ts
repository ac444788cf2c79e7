import { IsCurrencyCode } from '../../common/currency-code';
import { Field, ID, InputType, Int } from 'type-graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsInt,
  IsOptional,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import { IsChannelKey } from '../../common/channel-key';
import { IsDateInRange } from '../../common/date-range';
import { ChannelIdentityInput } from '../members';
import { SKU_PATTERN } from '../catalog';
import { RefundKind } from './order.enums';

const MAX_MINOR = 100_000_000;

@InputType()
export class OrderLineInput {
  @Field()
  @Length(1, 64)
  @Matches(SKU_PATTERN, { message: 'sku may hold letters, digits and . - _ / only' })
  sku: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(100_000)
  quantity: number;

  @Field(() => Int, { description: 'Price of one unit in minor units (cents)' })
  @IsInt()
  @Min(0)
  @Max(MAX_MINOR)
  unitPriceMinor: number;

  @Field(() => Int, { defaultValue: 0, description: 'Discount on the whole line, in minor units' })
  @IsInt()
  @Min(0)
  @Max(MAX_MINOR)
  discountMinor: number;
}

@InputType({ description: 'The basket part of an order: what previewPoints and recordOrder both take' })
export class BasketInput {
  @Field({ description: 'online-store, pos, mini-program, partner...' })
  @IsChannelKey()
  channel: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 64)
  storeId?: string | null;

  @Field()
  @IsCurrencyCode()
  currency: string;

  @Field(() => [OrderLineInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => OrderLineInput)
  lines: OrderLineInput[];
}

@InputType({ description: 'What an order would earn, without recording anything' })
export class PreviewPointsInput extends BasketInput {
  @Field(() => ID, {
    nullable: true,
    description: "The member, for their tier's multiplier and targeted rules",
  })
  @IsOptional()
  memberId?: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When it would be bought (campaign windows); default now',
  })
  @IsOptional()
  @IsDateInRange()
  purchasedAt?: Date | null;
}

@InputType({ description: 'An order from any channel; idempotent on (channel, externalOrderId)' })
export class RecordOrderInput extends BasketInput {
  @Field({ description: "The channel's order id, a string (platform ids can exceed 2^53)" })
  @Length(1, 191)
  @Matches(/\S/, { message: 'externalOrderId must not be blank' })
  externalOrderId: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The member; or give channelIdentity; neither = a guest order',
  })
  @IsOptional()
  memberId?: string | null;

  @Field(() => ChannelIdentityInput, {
    nullable: true,
    description: 'Resolve the member by a channel identity',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ChannelIdentityInput)
  channelIdentity?: ChannelIdentityInput | null;

  @Field(() => Int, { defaultValue: 0 })
  @IsInt()
  @Min(0)
  @Max(MAX_MINOR)
  shippingMinor: number;

  @Field(() => Int, { defaultValue: 0 })
  @IsInt()
  @Min(0)
  @Max(MAX_MINOR)
  taxMinor: number;

  @Field(() => Int, { description: 'Must equal the lines after discounts + shipping + tax' })
  @IsInt()
  @Min(0)
  @Max(MAX_MINOR)
  totalMinor: number;

  @Field()
  @IsDateInRange()
  purchasedAt: Date;
}

@InputType()
export class RefundLineInput {
  @Field(() => Int, { description: 'The line number (1-based) in the order' })
  @IsInt()
  @Min(1)
  lineNo: number;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  quantity: number;
}

@InputType({ description: 'Refund or cancel an order, whole or per line; idempotent on refundId' })
export class RefundOrderInput {
  @Field(() => ID, { nullable: true, description: 'The order; or give channel and externalOrderId' })
  @IsOptional()
  orderId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsChannelKey()
  channel?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 191)
  externalOrderId?: string | null;

  @Field({ description: "The channel's refund id: the same id refunds once" })
  @Length(1, 191)
  @Matches(/\S/, { message: 'refundId must not be blank' })
  refundId: string;

  @Field(() => RefundKind, { defaultValue: RefundKind.REFUND })
  kind: RefundKind;

  @Field(() => [RefundLineInput], {
    nullable: true,
    description: 'Lines and quantities; absent = by amount or whole',
  })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => RefundLineInput)
  lines?: RefundLineInput[] | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Merchandise amount to refund; absent (and no lines) = everything left',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_MINOR)
  amountMinor?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(255)
  reason?: string | null;
}

@InputType()
export class OrderFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  memberId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsChannelKey()
  channel?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(64)
  storeId?: string | null;
}
