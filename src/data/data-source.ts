import fs from 'node:fs';
import path from 'node:path';
import { DataSource, type DataSourceOptions, type MixedList, type EntitySchema, type Logger as TypeOrmLogger } from 'typeorm';
import { DropFailedConnections, limitPoolAcquireTime } from './connection-guard';
import { MysqlFamilyDataSource } from './mysql-column-type';
import { readCommittedSessions } from './session-isolation';

export type DatabaseKind = 'mysql' | 'sqlite';

/* eslint-disable @typescript-eslint/no-unsafe-function-type */
export interface DataSourceInput {
  url: string;
  entities: MixedList<Function | string | EntitySchema>;
  migrations: MixedList<Function | string>;
  /* eslint-enable @typescript-eslint/no-unsafe-function-type */
  logger?: TypeOrmLogger;
  /** Deadlines for the server (from DB_*_TIMEOUT_MS); CLIs leave them out and wait as long as it takes. */
  timeouts?: DatabaseTimeouts;
}

export interface DatabaseTimeouts {
  /** Opening a connection (TCP + handshake). */
  connectMs: number;
  /** Waiting for a free pooled connection (MySQL), or for another process's write lock (SQLite). */
  acquireMs: number;
  /** One statement, from sending it to its last row (MySQL). */
  queryMs: number;
}

export function databaseKindOf(url: string): DatabaseKind {
  return url.startsWith('sqlite:') ? 'sqlite' : 'mysql';
}

/**
 * One factory for both engines, so the rest of the code never asks which one it runs on
 * (the few differences live in `Database`). `synchronize` is off: the schema comes from migrations only.
 */
export function createDataSource({ url, entities, migrations, logger, timeouts }: DataSourceInput): DataSource {
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
      // Wait for a lock held by another process (the CLI seeding while the server runs) instead of failing
      // at once; better-sqlite3 waits synchronously, so this is also how long the process can freeze.
      timeout: timeouts?.acquireMs ?? 5_000,
    });
  }

  const dataSource = new MysqlFamilyDataSource({
    ...common,
    // TypeORM reads MariaDB's catalog right only as `mariadb` (a nullable column's default is 'NULL'
    // there): with `mysql`, migration:generate would want to rewrite every nullable column.
    type: url.startsWith('mariadb:') ? 'mariadb' : 'mysql',
    url: url.replace(/^mariadb:/, 'mysql:'),
    charset: 'utf8mb4_unicode_ci',
    // Store and read every DATETIME as UTC, whatever the server's or the process's zone.
    timezone: 'Z',
    supportBigNumbers: true,
    bigNumberStrings: true,
    poolSize: 10,
    ...(timeouts && {
      connectTimeout: timeouts.connectMs,
      // mysql2 arms a timer per statement; past it the statement fails and its connection is dropped.
      enableQueryTimeout: true,
      maxQueryExecutionTime: timeouts.queryMs,
      subscribers: [DropFailedConnections],
    }),
    // TCP keepalive on pooled connections, so one whose peer vanished while idle is found dead by the OS.
    extra: { enableKeepAlive: true, keepAliveInitialDelay: 10_000 },
  });
  // Before the acquire deadline wraps the pool, so the deadline covers a new connection's SET too.
  readCommittedSessions(dataSource, timeouts?.queryMs);
  if (timeouts) limitPoolAcquireTime(dataSource, timeouts.acquireMs);
  return dataSource;
}
