import 'reflect-metadata';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startApplication } from '../src/app';
import { issueToken } from '../src/auth/token-issuer';
import { createLogger } from '../src/common/logger';
import { loadConfig } from '../src/config/config';
import { startServerProcess } from '../test/harness/server-process';
import { createScratchDatabase } from '../test/harness/test-database';
import { runStandalone } from './bench-app';
import { iterations, ms, printTable, summarize, timed } from './report';

const SECRET = 'benchmark-secret-that-is-at-least-32-characters';
const QUERY = '{"query":"query Bench { __typename }"}';

/**
 * What observability costs a request: `{ __typename }` over HTTP (staff token, kept-alive, one at a
 * time, then 8 in flight) with metrics off and on (METRICS_TOKEN: the HTTP, GraphQL and SQL-per-request
 * histograms), in this process; then on the built server as its own process (`npm run build` first)
 * with tracing off and on (OTEL_TRACES_EXPORTER=otlp to a local collector that accepts and drops).
 * Prints figures only.
 */
export async function runObservabilityBench(): Promise<void> {
  const requests = iterations(2_000);
  const rows: string[][] = [];
  // Both servers up at once and measured in turns (off, on, off, on): the machine's warm-up and any
  // background load land on both sides alike.
  const off = await inProcess({});
  const on = await inProcess({ METRICS_TOKEN: 'bench-metrics-token-0123456789' });
  for (let round = 1; round <= 2; round++) {
    rows.push([`metrics off (round ${round})`, ...(await measure(off.url, off.token, requests))]);
    rows.push([`metrics on, METRICS_TOKEN (round ${round})`, ...(await measure(on.url, on.token, requests))]);
  }
  await off.stop();
  await on.stop();
  const collector = await dropCollector();
  for (const [name, env] of [
    ['tracing off (own process)', {}],
    [
      'tracing on, OTLP/HTTP (own process)',
      {
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      },
    ],
  ] as const) {
    const database = await createScratchDatabase(process.env.BENCH_DATABASE_URL, 'bench');
    const server = await startServerProcess({
      DATABASE_URL: database.url,
      JWT_SECRET: SECRET,
      SEED_DEMO_DATA: 'false',
      RATE_LIMIT_ENABLED: 'false',
      ...env,
    });
    const token = await issueToken(SECRET, { role: 'staff', subject: 'bench-staff', expiresIn: '1h' });
    rows.push([name, ...(await measure(server.url, token, requests))]);
    await server.stop();
    await database.drop();
  }
  await collector.close();
  printTable(
    '{ __typename } over HTTP with and without observability',
    ['setup', 'requests', 'median ms', 'p95 ms', 'req/s one at a time', 'req/s 8 in flight'],
    rows,
    [`spans received by the collector: ${collector.spans()}`],
  );
}

async function inProcess(env: Record<string, string>) {
  const database = await createScratchDatabase(process.env.BENCH_DATABASE_URL, 'bench');
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: database.url,
    JWT_SECRET: SECRET,
    SEED_DEMO_DATA: 'false',
    LOG_LEVEL: 'silent',
    // The rate limiter has its own bench; here it would only add its cost to both sides.
    RATE_LIMIT_ENABLED: 'false',
    ...env,
  });
  const app = await startApplication(config, createLogger('silent'));
  const token = await issueToken(SECRET, { role: 'staff', subject: 'bench-staff', expiresIn: '1h' });
  return {
    url: app.server.url.replace('localhost', '127.0.0.1'),
    token,
    async stop() {
      await app.stop();
      await database.drop();
    },
  };
}

/** Median and p95 of sequential requests, and throughput sequentially and with 8 in flight. */
async function measure(url: string, token: string, requests: number): Promise<string[]> {
  const send = async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: QUERY,
    });
    if (response.status !== 200) throw new Error(`answered ${response.status}`);
    await response.text();
  };
  for (let i = 0; i < 200; i++) await send(); // warm-up
  const times: number[] = [];
  const sequential = await timed(async () => {
    for (let i = 0; i < requests; i++) times.push((await timed(send)).ms);
  });
  let next = 0;
  const parallel = await timed(() =>
    Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next++ < requests) await send();
      }),
    ),
  );
  const summary = summarize(times);
  return [
    String(requests),
    ms(summary.median),
    ms(summary.p95),
    ((requests * 1000) / sequential.ms).toFixed(0),
    ((requests * 1000) / parallel.ms).toFixed(0),
  ];
}

/** An OTLP endpoint that answers 200 and keeps only a count. */
async function dropCollector() {
  let batches = 0;
  let spans = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      batches += 1;
      spans += (body.match(/"spanId"/g) ?? []).length;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans: () => `${spans} in ${batches} batches`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

if (require.main === module) runStandalone(runObservabilityBench);
