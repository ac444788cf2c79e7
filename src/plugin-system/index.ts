import type express from 'express';
import type { Principal } from '../auth/principal';
import type { Logger } from '../common/logger';
import type { PluginsConfig } from '../config/config';
import { DEVELOPMENT_PLUGIN_SECRETS_KEY } from '../config/public-secrets';
import type { Core } from '../core';
import type { Database } from '../data/database';
import type { PublishedOutbox } from '../events/published-outbox';
import type { Job } from '../jobs/job';
import { liveFieldResolvers } from './live-fields';
import { PartnerApiKeysService } from './partner-api-keys.service';
import { checkPlugins, migrationNameOf, tableNameOf } from './plugin-checks';
import type { PluginDefinition } from './plugin-definition';
import { PluginHost } from './plugin-host';
import { pluginEventsJob, pluginJobs } from './plugin-jobs';
import { loadPluginDefinitions } from './plugin-loader';
import { PluginMigrationsRunner } from './plugin-migrations.runner';
import { PluginOptionsCodec } from './plugin-options';
import { pluginResolverAccess } from './plugin-resolver-access';
import { PluginsRepository } from './plugins.repository';
import { PluginsResolver } from './plugins.resolver';
import { CORE_VERSION, SDK_VERSION } from './sdk';
import { parseSecretsKey, SecretBox } from '../common/secret-box';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { webhookRouter } from './webhook-receiver';
import { WebhookWorker } from './webhook-worker';

export { pluginSystemEntities } from './plugin-system.entities';
export { PluginLoadError } from './plugin-errors';
export type { PluginDefinition };

/**
 * Reads PLUGINS and runs the load-time checks (before the DataSource exists, since plugins bring
 * entities). Throws PluginLoadError listing every problem; returns the plugins in dependency order.
 */
export function loadPlugins(
  config: PluginsConfig,
  core: { entities: unknown[]; migrations: (new () => { name?: string })[] },
  extra: PluginDefinition[] = [],
): PluginDefinition[] {
  const definitions = [...loadPluginDefinitions(config.load), ...extra];
  return checkPlugins(definitions, {
    version: CORE_VERSION,
    sdkVersion: SDK_VERSION,
    tables: core.entities.map(tableNameOf).filter((t): t is string => !!t),
    migrations: core.migrations.map(migrationNameOf),
  });
}

/* eslint-disable-next-line @typescript-eslint/no-unsafe-function-type */
export function pluginEntities(definitions: PluginDefinition[]): Function[] {
  return definitions.flatMap((d) => d.entities ?? []);
}

export type PluginSystem = ReturnType<typeof createPluginSystem>;

/** Wires the host: registry and lifecycle, API keys, webhook receiver and worker, admin API, jobs. */
export function createPluginSystem(deps: {
  config: PluginsConfig;
  nodeEnv: string;
  db: Database;
  core: Core;
  logger: Logger;
  definitions: PluginDefinition[];
  /** The published outbox plugins' event handlers read (absent in the CLI, which dispatches no events). */
  outbox?: PublishedOutbox;
}) {
  const { db, core, config } = deps;
  const logger = deps.logger.child({ component: 'plugins' });
  const key = config.secretsKey ? parseSecretsKey(config.secretsKey) : null;
  if (!key && deps.nodeEnv === 'production' && deps.definitions.length) {
    throw new Error('PLUGIN_SECRETS_KEY is required in production');
  }
  const codec = new PluginOptionsCodec(
    new SecretBox(key ?? Buffer.from(DEVELOPMENT_PLUGIN_SECRETS_KEY, 'hex')),
    { refusePublicSecrets: deps.nodeEnv === 'production' },
  );
  const repository = new PluginsRepository();
  const deliveries = new WebhookDeliveriesRepository();
  const host = new PluginHost(deps.definitions, {
    db,
    core,
    logger,
    repository,
    deliveries,
    migrations: new PluginMigrationsRunner(db, repository),
    codec,
  });
  const worker = new WebhookWorker(db, host, deliveries, config, logger);
  const apiKeys = new PartnerApiKeysService(db, core, host, repository);
  const jobs: Job[] = [
    ...pluginJobs(host),
    ...(deps.outbox ? [pluginEventsJob(db, host, repository, deps.outbox)] : []),
  ];
  return {
    host,
    apiKeys,
    worker,
    jobs,
    resolvers: [
      new PluginsResolver(db, host, codec, apiKeys, deliveries, worker),
      ...liveFieldResolvers(host),
      ...deps.definitions.flatMap((d) =>
        typeof d.resolvers === 'function' ? d.resolvers(pluginResolverAccess(host, d)) : (d.resolvers ?? []),
      ),
    ],
    router: (): express.Router => webhookRouter({ db, host, deliveries, worker, logger }),
    authenticateApiKey: (apiKey: string): Promise<Principal> => apiKeys.authenticate(apiKey),
    /** Plugin migrations and start-up checks, then the delivery worker. */
    async start(): Promise<void> {
      await host.start();
      worker.start();
      worker.kick();
    },
    stop: () => worker.stop(),
  };
}
