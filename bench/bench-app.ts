import 'reflect-metadata';
import { startApplication, type Application } from '../src/app';
import { issueToken } from '../src/auth/token-issuer';
import { createLogger } from '../src/common/logger';
import { loadConfig } from '../src/config/config';
import { generateMembers } from '../seeds/generate-members';
import { createScratchDatabase } from '../test/harness/test-database';

const BENCH_JWT_SECRET = 'benchmark-secret-that-is-at-least-32-characters';

export interface GraphQLResult {
  status: number;
  bytes: number;
  data?: Record<string, unknown>;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export interface BenchApp {
  app: Application;
  /** "SQLite" or "MySQL/MariaDB", for titles. */
  engine: string;
  staffToken: string;
  /** One POST /graphql with the staff token over a kept-alive connection. */
  gql(query: string, variables?: Record<string, unknown>): Promise<GraphQLResult>;
  stop(): Promise<void>;
}

/**
 * Boots the real application (as `npm start` does, logs silenced) over a scratch database: a temporary
 * SQLite file, or, when BENCH_DATABASE_URL points at MySQL/MariaDB, a new database on that server.
 * Either is removed by `stop()`; `members` synthetic members are generated first (seed 42).
 */
export async function bootBenchApp(options: { members?: number } = {}): Promise<BenchApp> {
  const database = await createScratchDatabase(process.env.BENCH_DATABASE_URL, 'bench');
  try {
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: database.url,
      JWT_SECRET: BENCH_JWT_SECRET,
      SEED_DEMO_DATA: 'false',
      LOG_LEVEL: 'silent',
      // A bench that times long statements on purpose (recommendations: a full recount) raises the limit.
      ...(process.env.BENCH_DB_QUERY_TIMEOUT_MS && {
        DB_QUERY_TIMEOUT_MS: process.env.BENCH_DB_QUERY_TIMEOUT_MS,
      }),
    });
    const app = await startApplication(config, createLogger(config.logLevel));
    if (options.members) await generateMembers(app.db, { count: options.members, seed: 42, batchSize: 1000 });
    const staffToken = await issueToken(BENCH_JWT_SECRET, {
      role: 'staff',
      subject: 'bench-staff',
      expiresIn: '1h',
    });
    return {
      app,
      engine: app.db.kind === 'sqlite' ? 'SQLite' : 'MySQL/MariaDB',
      staffToken,
      async gql(query, variables) {
        const response = await fetch(app.server.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${staffToken}` },
          body: JSON.stringify({ query, variables }),
        });
        const text = await response.text();
        const body = JSON.parse(text) as Omit<GraphQLResult, 'status' | 'bytes'>;
        return { status: response.status, bytes: text.length, data: body.data, errors: body.errors };
      },
      async stop() {
        await app.stop();
        await database.drop();
      },
    };
  } catch (error) {
    await database.drop();
    throw error;
  }
}

/** Runs a benchmark on its own (`node dist/bench/<name>.bench.js`), exiting non-zero if it crashes. */
export function runStandalone(run: () => Promise<void>): void {
  run().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
