import fs from 'node:fs';
import path from 'node:path';
import { DataSource, type DataSourceOptions, type MixedList, type EntitySchema } from 'typeorm';
import type { Logger as TypeOrmLogger } from 'typeorm';

export type DatabaseKind = 'mysql' | 'sqlite';

/* eslint-disable @typescript-eslint/no-unsafe-function-type */
export interface DataSourceInput {
  url: string;
  entities: MixedList<Function | string | EntitySchema>;
  migrations: MixedList<Function | string>;
  /* eslint-enable @typescript-eslint/no-unsafe-function-type */
  logger?: TypeOrmLogger;
}

export function databaseKindOf(url: string): DatabaseKind {
  return url.startsWith('sqlite:') ? 'sqlite' : 'mysql';
}

/**
 * One factory for both engines, so the rest of the code never asks which one it runs on
 * (the few differences live in `Database`). `synchronize` is off: the schema comes from migrations only.
 */
export function createDataSource({ url, entities, migrations, logger }: DataSourceInput): DataSource {
  const common = {
    entities,
    migrations,
    synchronize: false,
    migrationsRun: false,
    logger,
    logging: logger ? (['query', 'error', 'warn', 'migration'] as const).slice() : false,
  } satisfies Partial<DataSourceOptions>;

  if (databaseKindOf(url) === 'sqlite') {
    const file = url.slice('sqlite:'.length);
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    return new DataSource({
      ...common,
      type: 'better-sqlite3',
      database: file,
      enableWAL: file !== ':memory:',
      // Wait for a lock held by another process (the CLI seeding while the server runs) instead of failing.
      timeout: 5_000,
    });
  }

  return new DataSource({
    ...common,
    type: 'mysql',
    url: url.replace(/^mariadb:/, 'mysql:'),
    charset: 'utf8mb4_unicode_ci',
    // Store and read every DATETIME as UTC, whatever the server's or the process's zone.
    timezone: 'Z',
    supportBigNumbers: true,
    bigNumberStrings: true,
    poolSize: 10,
  });
}
