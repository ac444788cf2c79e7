import type { Logger } from './common/logger';
import type { AppConfig } from './config/config';
import { coreEntities, coreMigrations, createCore, type Core } from './core';
import { createDataSource } from './data/data-source';
import { Database } from './data/database';
import { SqlStatementCounter } from './data/sql-statement-counter';
import { seedDemoData } from '../seeds/demo-seed';
import { JobScheduler } from './jobs/job-scheduler';
import { startServer, type RunningServer } from './server/server';

export interface Application {
  config: AppConfig;
  db: Database;
  core: Core;
  server: RunningServer;
  statements: SqlStatementCounter;
  stop(): Promise<void>;
}

/**
 * Starts everything in order: database, migrations, demo data (once), the modules, then the server.
 * Used by `npm start` and by the test environment, so tests boot exactly what production boots.
 */
export async function startApplication(config: AppConfig, logger: Logger): Promise<Application> {
  const statements = new SqlStatementCounter(logger.child({ component: 'sql' }));
  const dataSource = createDataSource({
    url: config.databaseUrl,
    entities: coreEntities,
    migrations: coreMigrations,
    logger: statements,
  });
  await dataSource.initialize();
  const db = new Database(dataSource);
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length > 0) logger.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
    if (config.seedDemoData) await seedDemoData(db, logger);
    const core = createCore(db);
    const server = await startServer({ config, logger, db, resolvers: core.resolvers });
    const scheduler = new JobScheduler(core.jobs, logger.child({ component: 'jobs' }));
    if (config.jobsEnabled) scheduler.start();
    let stopping: Promise<void> | undefined;
    return {
      config,
      db,
      core,
      server,
      statements,
      /** Idempotent: a second signal (or a test's cleanup) waits for the first shutdown. */
      stop() {
        stopping ??= server
          .stop()
          .then(() => scheduler.stop())
          .then(() => dataSource.destroy());
        return stopping;
      },
    };
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}
