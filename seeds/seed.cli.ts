import 'reflect-metadata';
import { createLogger } from '../src/common/logger';
import { loadConfig } from '../src/config/config';
import { describeDatabase, openMigratedDatabase, runCli } from './cli-support';
import { DEMO_MEMBER_COUNT, DEMO_SEED, seedDemoData } from './demo-seed';

/**
 * `npm run seed`: brings the configured database (DATABASE_URL, or the default SQLite file) up to date
 * and loads the demo data once. Running it again changes nothing and says so.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  // Human lines on stdout; the JSON logs only when LOG_LEVEL is asked for explicitly.
  const logger = createLogger(process.env.LOG_LEVEL ? config.logLevel : 'warn');
  const target = describeDatabase(config.databaseUrl);
  const { db, migrations } = await openMigratedDatabase(config.databaseUrl);
  try {
    if (migrations.length > 0) console.log(`Applied migrations: ${migrations.join(', ')}`);
    const loaded = await seedDemoData(db, logger);
    console.log(
      loaded
        ? `Demo data "${DEMO_SEED}" loaded into ${target}: ${DEMO_MEMBER_COUNT} members with products, tiers, earning rules, rewards and a year of orders`
        : `Demo data "${DEMO_SEED}" is already in ${target}; nothing to do`,
    );
  } finally {
    await db.dataSource.destroy();
  }
}

runCli('seed', main);
