import { installClock, type Clock } from './common/clock';
import type { Logger } from './common/logger';
import type { AppConfig } from './config/config';
import { coreEntities, coreMigrations, createCore, type Core } from './core';
import { createDataSource } from './data/data-source';
import { Database } from './data/database';
import { SqlStatementCounter } from './data/sql-statement-counter';
import { withServerScheme } from './data/server-scheme';
import { seedDemoData } from '../seeds/demo-seed';
import { createJobScheduling } from './jobs';
import { startServer, type RunningServer } from './server/server';
import { createPluginSystem, loadPlugins, pluginEntities, type PluginSystem } from './plugin-system';
import { LiveActivity } from './events';
import type { OutboundWebhookWorker } from './modules/outbound-webhooks';
import { reportLiveActivity } from './observability';
import { installDefaultPhoneRegion } from './modules/members';

export interface Application {
  config: AppConfig;
  db: Database;
  core: Core;
  server: RunningServer;
  statements: SqlStatementCounter;
  /** Installed plugins, partners' API keys, inbound webhooks. */
  plugins: PluginSystem;
  /** Published activity: outbox tailer, PubSub and subscribers' streams. */
  live: LiveActivity;
  /** Outbound webhooks' fan-out and delivery worker (tests drain it). */
  outboundWebhooks: OutboundWebhookWorker;
  stop(): Promise<void>;
}

/**
 * Starts everything in order: database, migrations, demo data (once), the modules, then the server.
 * Used by `npm start` and by the test environment, so tests boot exactly what production boots.
 */
export async function startApplication(
  config: AppConfig,
  logger: Logger,
  options: { clock?: Clock } = {},
): Promise<Application> {
  // The composition root decides what "now" is; production keeps the system clock.
  if (options.clock) installClock(options.clock);
  // Read by the phone rule on GraphQL inputs, which sees no config (see members/phone-number.ts).
  installDefaultPhoneRegion(config.defaultPhoneRegion);
  const statements = new SqlStatementCounter(logger.child({ component: 'sql' }));
  // Plugins are checked before anything opens: they bring entities, and a bad one must stop the start.
  const pluginDefinitions = loadPlugins(config.plugins, {
    entities: coreEntities,
    migrations: coreMigrations,
  });
  const url = await withServerScheme(config.databaseUrl, config.databaseTimeouts.connectMs);
  const entities = [...coreEntities, ...pluginEntities(pluginDefinitions)];
  // A long ALTER on a big table must not hit the per-statement limit that protects requests (MySQL DDL
  // commits as it goes, so a migration killed half-way could not simply run again): core migrations
  // run first on a connection without it. SQLite has no statement limit, so it migrates below.
  if (!url.startsWith('sqlite:')) await migrateWithoutStatementLimit(url, entities, statements, logger);
  const dataSource = createDataSource({
    url,
    entities,
    migrations: coreMigrations,
    logger: statements,
    timeouts: config.databaseTimeouts,
  });
  await dataSource.initialize();
  const db = new Database(dataSource);
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length > 0) logger.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
    if (config.seedDemoData) await seedDemoData(db, logger);
    const core = createCore(db, { retention: config.retention, outboundWebhooks: config.outboundWebhooks });
    // Before the plugins: their event handlers read the outbox through its published horizon.
    const live = await LiveActivity.start({
      db,
      databaseUrl: config.databaseUrl,
      redisUrl: config.redisUrl,
      tiers: core.services.tiers,
      logger: logger.child({ component: 'activity' }),
    });
    core.services.activity.feed.bind(live);
    const unreportLive = reportLiveActivity(live);
    // After the core migrations: installed plugins' own migrations, then their start-up checks.
    const plugins = createPluginSystem({
      config: config.plugins,
      nodeEnv: config.nodeEnv,
      db,
      core,
      logger,
      definitions: pluginDefinitions,
      outbox: live,
    });
    await plugins.start().catch(async (error: unknown) => {
      await live.stop();
      throw error;
    });
    const server = await startServer({
      config,
      logger,
      db,
      resolvers: [...core.resolvers, ...plugins.resolvers],
      plugins,
    }).catch(async (error: unknown) => {
      await plugins.stop();
      await live.stop();
      throw error;
    });
    // Outbound webhooks read the same published outbox; sending runs in the background, off requests.
    const outboundWebhooks = core.outboundWebhookWorker(
      live,
      logger.child({ component: 'outbound-webhooks' }),
    );
    outboundWebhooks.start();
    // Cron schedules; with REDIS_URL on BullMQ queues (once per cluster), else timers in this process.
    const scheduler = createJobScheduling({
      jobs: [...core.jobs, ...plugins.jobs],
      db,
      config: config.jobs,
      redisUrl: config.redisUrl,
      logger: logger.child({ component: 'jobs' }),
    });
    await scheduler.start();
    let stopping: Promise<void> | undefined;
    return {
      config,
      db,
      core,
      server,
      statements,
      live,
      plugins,
      outboundWebhooks,
      /** Idempotent: a second signal (or a test's cleanup) waits for the first shutdown. */
      stop() {
        stopping ??= server
          .stop()
          .then(() => plugins.stop())
          .then(() => outboundWebhooks.stop())
          .then(() => scheduler.stop())
          .then(() => unreportLive())
          .then(() => live.stop())
          .then(() => dataSource.destroy());
        return stopping;
      },
    };
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}

/** Runs the pending core migrations on a short-lived DataSource without the request timeouts. */
async function migrateWithoutStatementLimit(
  url: string,
  entities: Parameters<typeof createDataSource>[0]['entities'],
  statements: SqlStatementCounter,
  logger: Logger,
): Promise<void> {
  const migrator = createDataSource({ url, entities, migrations: coreMigrations, logger: statements });
  await migrator.initialize();
  try {
    const applied = await migrator.runMigrations({ transaction: 'each' });
    if (applied.length > 0) logger.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
  } finally {
    await migrator.destroy();
  }
}
