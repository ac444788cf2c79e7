import 'reflect-metadata';
import { startApplication } from '../src/app';
import { issueToken } from '../src/auth/token-issuer';
import { createLogger } from '../src/common/logger';
import { loadConfig } from '../src/config/config';
import { RateLimits, readRateLimitConfig } from '../src/server/rate-limit';
import { createScratchDatabase } from '../test/harness/test-database';
import { runStandalone } from './bench-app';
import { iterations, ms, printTable, summarize, timed } from './report';

const SECRET = 'benchmark-secret-that-is-at-least-32-characters';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * What the rate limiter costs a request: one consume alone (in memory, and one Redis round trip), then
 * `{ __typename }` over HTTP with the limiter off, on in memory, and on over Redis, in the same run.
 * Budgets are far above the load, so nothing is refused: this is the price of counting.
 */
export async function runRateLimitBench(): Promise<void> {
  const logger = createLogger('silent');
  const consumes = iterations(20_000);
  const config = readRateLimitConfig({}, 'test', []);
  const rows: string[][] = [];
  for (const [name, url] of [
    ['memory', undefined],
    ['redis', REDIS_URL],
  ] as const) {
    const limits = await RateLimits.create({ ...config, keyPrefix: `bench:${process.pid}` }, url, logger);
    const caller = { key: 'staff:bench', role: 'staff' as const };
    for (let i = 0; i < 500; i++) await limits.consumeRequest(caller); // warm-up
    const started = performance.now();
    for (let i = 0; i < consumes; i++) await limits.consumeRequest(caller);
    const perCall = ((performance.now() - started) * 1000) / consumes;
    rows.push([`consumeRequest (${name})`, String(consumes), perCall.toFixed(1)]);
    await limits.close();
  }
  printTable('Rate limiter: one consume', ['limiter', 'calls', 'µs per call'], rows);

  const requests = iterations(2_000);
  const http: string[][] = [];
  for (const [name, env] of [
    ['off (RATE_LIMIT_ENABLED=false)', { RATE_LIMIT_ENABLED: 'false' }],
    ['on, in memory', {}],
    ['on, Redis', { REDIS_URL, RATE_LIMIT_KEY_PREFIX: `bench:${process.pid}` }],
  ] as const) {
    const times = await typenameTimes(env, requests);
    const summary = summarize(times);
    http.push([name, String(requests), ms(summary.median), ms(summary.p95)]);
  }
  printTable(
    '{ __typename } over HTTP (staff token, kept-alive)',
    ['limiter', 'requests', 'median ms', 'p95 ms'],
    http,
  );
}

async function typenameTimes(env: Record<string, string>, requests: number): Promise<number[]> {
  const database = await createScratchDatabase(process.env.BENCH_DATABASE_URL, 'bench');
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: database.url,
    JWT_SECRET: SECRET,
    SEED_DEMO_DATA: 'false',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const app = await startApplication(config, createLogger('silent'));
  try {
    const token = await issueToken(SECRET, { role: 'staff', subject: 'bench-staff', expiresIn: '1h' });
    const send = async () => {
      const response = await fetch(app.server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: '{"query":"{ __typename }"}',
      });
      if (response.status !== 200) throw new Error(`answered ${response.status}`);
      await response.text();
    };
    for (let i = 0; i < 200; i++) await send(); // warm-up
    const times: number[] = [];
    for (let i = 0; i < requests; i++) times.push((await timed(send)).ms);
    return times;
  } finally {
    await app.stop();
    await database.drop();
  }
}

if (require.main === module) runStandalone(runRateLimitBench);
