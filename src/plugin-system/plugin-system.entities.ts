import { PartnerApiKey } from './partner-api-key.entity';
import { PluginEventCursor, PluginInstallation, PluginMigrationRecord } from './plugin-installation.entity';
import { WebhookDelivery } from './webhook-delivery.entity';

/** The host's own tables (migration 1764000000800-plugins), part of the core schema. */
export const pluginSystemEntities = [
  PluginInstallation,
  PluginMigrationRecord,
  PluginEventCursor,
  PartnerApiKey,
  WebhookDelivery,
];
