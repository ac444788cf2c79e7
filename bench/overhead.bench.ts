import 'reflect-metadata';
import { Writable } from 'node:stream';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { startApplication } from '../src/app';
import { issueToken } from '../src/auth/token-issuer';
import { createLogger } from '../src/common/logger';
import { loadConfig } from '../src/config/config';
import { createScratchDatabase } from '../test/harness/test-database';
import { runStandalone } from './bench-app';
import { iterations, ms, printTable, spread } from './report';

const SECRET = 'benchmark-secret-that-is-at-least-32-characters';
const BODY = '{"query":"{ __typename }"}';
const CONCURRENCY = 10;
const REPETITIONS = 3;

interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
}

/**
 * The per-request floor (issue 12): `{ __typename }` through the product's server (staff token, request
 * log at info written to a sink, rate limiter and GraphQL limits on, as `npm start` runs) against a bare
 * @apollo/server 5 standalone server with a one-field schema, in the same process, interleaved,
 * REPETITIONS times, CONCURRENCY requests in flight over kept-alive connections.
 * OVERHEAD_ONLY=product measures only the product (for `node --cpu-prof`).
 */
export async function runOverheadBench(): Promise<void> {
  const requests = iterations(5_000);
  const database = await createScratchDatabase(process.env.BENCH_DATABASE_URL, 'bench');
  const config = loadConfig({
    // The bench secret is a committed one, which production refuses; the request path is the same.
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: database.url,
    JWT_SECRET: SECRET,
    SEED_DEMO_DATA: 'false',
    LOG_LEVEL: 'info',
    // A per-caller budget far above what the bench sends: the limiter runs, it does not refuse.
    RATE_LIMIT_STAFF: '100000000',
  });
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const app = await startApplication(config, createLogger(config.logLevel, sink));
  const bare = new ApolloServer({
    typeDefs: 'type Query { hello: String }',
    resolvers: { Query: { hello: () => 'world' } },
  });
  const { url: bareUrl } = await startStandaloneServer(bare, { listen: { port: 0, host: '127.0.0.1' } });
  try {
    const token = await issueToken(SECRET, { role: 'staff', subject: 'bench-staff', expiresIn: '1h' });
    const product: Target = {
      name: "product's server (staff token)",
      url: app.server.url,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    };
    const baseline: Target = {
      name: 'bare @apollo/server 5 (standalone)',
      url: bareUrl,
      headers: { 'content-type': 'application/json' },
    };
    const targets = process.env.OVERHEAD_ONLY === 'product' ? [product] : [product, baseline];
    for (const target of targets) await measure(target, 500); // warm-up
    const results = new Map<Target, Measured[]>(targets.map((t) => [t, []]));
    for (let r = 0; r < REPETITIONS; r++)
      for (const target of r % 2 ? [...targets].reverse() : targets)
        results.get(target)!.push(await measure(target, requests));
    const notes: string[] = [];
    if (targets.length === 2) {
      const ratios = results.get(product)!.map((p, i) => p.perSecond / results.get(baseline)![i].perSecond);
      notes.push(
        `{ __typename }, product vs bare @apollo/server: ${spread(ratios, 2)}x the requests per second.`,
      );
    }
    printTable(
      `{ __typename } over HTTP (${app.db.kind}): ${requests} requests per phase, ${CONCURRENCY} in flight, ${REPETITIONS} interleaved repetitions`,
      ['server', 'req/s median [min-max]', 'p50 ms', 'p99 ms'],
      targets.map((target) => {
        const list = results.get(target)!;
        const mid = [...list].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(list.length / 2)];
        return [
          target.name,
          spread(
            list.map((m) => m.perSecond),
            0,
          ),
          ms(mid.p50),
          ms(mid.p99),
        ];
      }),
      notes,
    );
  } finally {
    await bare.stop();
    await app.stop();
    await database.drop();
  }
}

interface Measured {
  perSecond: number;
  p50: number;
  p99: number;
}

async function measure(target: Target, count: number): Promise<Measured> {
  const latencies: number[] = [];
  let issued = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (issued < count) {
        issued += 1;
        const t0 = performance.now();
        const response = await fetch(target.url, { method: 'POST', headers: target.headers, body: BODY });
        const text = await response.text();
        if (response.status !== 200 || !text.includes('"__typename":"Query"'))
          throw new Error(`${target.name} answered ${response.status}: ${text}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const perSecond = count / ((performance.now() - started) / 1000);
  const sorted = latencies.sort((a, b) => a - b);
  return {
    perSecond,
    p50: sorted[Math.floor(sorted.length / 2)],
    p99: sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)],
  };
}

if (require.main === module) runStandalone(runOverheadBench);
