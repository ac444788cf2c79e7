import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsInt,
  IsOptional,
  IsUrl,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { IsChannelKey } from '../../common/channel-key';
import { IsDateInRange } from '../../common/date-range';
import { ConnectionType } from '../../graphql/connection';
import { OutboundWebhookDelivery, OutboundWebhookDeliveryStatus } from './outbound-webhook-delivery.entity';
import { OutboundWebhookEndpoint } from './outbound-webhook-endpoint.entity';
import { SECRET_PATTERN } from './webhook-signature';

@ObjectType('OutboundWebhookFilter', { description: 'Each list is "any of"; empty = everyone' })
@InputType('OutboundWebhookFilterInput')
export class OutboundWebhookFilter {
  @Field(() => [ID], { defaultValue: [] })
  @ArrayMaxSize(1000)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Type(() => Number)
  memberIds: number[];

  @Field(() => [String], { defaultValue: [] })
  @ArrayMaxSize(100)
  @IsChannelKey({ each: true })
  channels: string[];

  @Field(() => [String], { defaultValue: [] })
  @ArrayMaxSize(100)
  @Length(1, 64, { each: true })
  storeIds: string[];
}

const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

@InputType()
export class CreateOutboundWebhookEndpointInput {
  @Field({ description: 'http(s) URL the events are POSTed to; no credentials in it' })
  @MaxLength(2000)
  @IsUrl(URL_OPTIONS, { message: 'url must be an http or https URL' })
  url: string;

  @Field(() => [String], { description: 'Activity event types (README: Events)' })
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @Length(1, 64, { each: true })
  eventTypes: string[];

  @Field(() => OutboundWebhookFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => OutboundWebhookFilter)
  filter?: OutboundWebhookFilter | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(255)
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'whsec_<base64>; generated when absent' })
  @IsOptional()
  @Matches(SECRET_PATTERN, { message: 'secret must be whsec_ followed by base64 of 24 to 64 bytes' })
  secret?: string | null;
}

@InputType()
export class UpdateOutboundWebhookEndpointInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  @IsUrl(URL_OPTIONS, { message: 'url must be an http or https URL' })
  url?: string | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @Length(1, 64, { each: true })
  eventTypes?: string[] | null;

  @Field(() => OutboundWebhookFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => OutboundWebhookFilter)
  filter?: OutboundWebhookFilter | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(255)
  description?: string | null;
}

@InputType({ description: "Replays an endpoint's deliveries queued in [from, to), optionally of one status" })
export class ReplayOutboundWebhookDeliveriesInput {
  @Field(() => ID)
  endpointId: string;

  @Field(() => OutboundWebhookDeliveryStatus, { nullable: true })
  @IsOptional()
  status?: OutboundWebhookDeliveryStatus | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDateInRange()
  from?: Date | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDateInRange()
  to?: Date | null;
}

@InputType()
export class RotateOutboundWebhookSecretInput {
  @Field(() => Int, { defaultValue: 24, description: 'Hours the previous secret still signs (0 to 168)' })
  @IsInt()
  @Min(0)
  @Max(168)
  gracePeriodHours: number;

  @Field(() => String, { nullable: true, description: 'whsec_<base64>; generated when absent' })
  @IsOptional()
  @Matches(SECRET_PATTERN, { message: 'secret must be whsec_ followed by base64 of 24 to 64 bytes' })
  secret?: string | null;
}

@ObjectType({ description: 'The endpoint and its signing secret, shown this once' })
export class OutboundWebhookEndpointWithSecret {
  @Field(() => OutboundWebhookEndpoint)
  endpoint: OutboundWebhookEndpoint;

  @Field()
  secret: string;
}

@ObjectType()
export class OutboundWebhookDeliveryConnection extends ConnectionType(
  'OutboundWebhookDelivery',
  OutboundWebhookDelivery,
) {}
