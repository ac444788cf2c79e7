import { GraphQLJSONObject } from 'graphql-scalars';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsEnum, IsOptional, Length, Matches } from 'class-validator';
import { Field, InputType, ObjectType } from 'type-graphql';
import { ConnectionType } from '../graphql/connection';
import { PartnerApiKey } from './partner-api-key.entity';
import { WebhookDelivery, WebhookDeliveryStatus } from './webhook-delivery.entity';

const PLUGIN_NAME = /^[a-z][a-z0-9-]{1,39}$/;
const PLUGIN_NAME_MESSAGE = 'plugin must be a plugin name such as shopify';

@ObjectType({ description: 'A health check answer and when it was asked' })
export class PluginHealth {
  @Field()
  ok: boolean;

  @Field(() => String, { nullable: true })
  message: string | null;

  @Field()
  checkedAt: Date;
}

@ObjectType()
export class PluginErrorEntry {
  @Field()
  at: Date;

  @Field()
  message: string;
}

@ObjectType({ description: 'A loaded plugin and, if installed, its state (secrets are never shown)' })
export class PluginInfo {
  @Field()
  name: string;

  @Field()
  version: string;

  @Field()
  kind: string;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => [String])
  permissions: string[];

  @Field(() => [String])
  dependencies: string[];

  @Field()
  installed: boolean;

  @Field()
  enabled: boolean;

  @Field(() => String, { nullable: true, description: 'Version recorded at install' })
  installedVersion: string | null;

  @Field(() => GraphQLJSONObject, { description: 'Non-secret options' })
  options: Record<string, unknown>;

  @Field(() => [String], {
    description: 'Secret options that have a value (their values are never returned)',
  })
  secretsSet: string[];

  @Field(() => [String], { description: 'Webhook URLs, relative to the server' })
  webhooks: string[];

  @Field(() => [String], { description: 'Live fields it adds to core types (Type.field)' })
  liveFields: string[];
}

@ObjectType()
export class WebhookDeliveryConnection extends ConnectionType('WebhookDelivery', WebhookDelivery) {}

@InputType()
export class WebhookDeliveryFilter {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(PLUGIN_NAME, { message: PLUGIN_NAME_MESSAGE })
  plugin?: string | null;

  @Field(() => WebhookDeliveryStatus, { nullable: true })
  @IsOptional()
  @IsEnum(WebhookDeliveryStatus)
  status?: WebhookDeliveryStatus | null;
}

@InputType()
export class IssuePartnerApiKeyInput {
  @Field()
  @Matches(PLUGIN_NAME, { message: PLUGIN_NAME_MESSAGE })
  plugin: string;

  @Field({ description: 'Who it is for, e.g. "Acme Shop integration"' })
  @Length(3, 100)
  label: string;

  @Field(() => [String], { description: "Within the plugin's permissions, e.g. members:read" })
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @Length(3, 40, { each: true })
  scopes: string[];
}

@ObjectType()
export class IssuedPartnerApiKey {
  @Field({ description: 'The key itself: shown this once, stored only as a hash' })
  key: string;

  @Field(() => PartnerApiKey)
  apiKey: PartnerApiKey;
}

@InputType()
export class UninstallPluginInput {
  @Field()
  @Matches(PLUGIN_NAME, { message: PLUGIN_NAME_MESSAGE })
  name: string;

  @Field({ defaultValue: false, description: "true drops the plugin's tables and delivery log" })
  @IsBoolean()
  dropData: boolean;
}

export { PLUGIN_NAME, PLUGIN_NAME_MESSAGE };
