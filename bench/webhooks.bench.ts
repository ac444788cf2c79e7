import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { startApplication } from '../src/app';
import { issueToken } from '../src/auth/token-issuer';
import { createLogger } from '../src/common/logger';
import { loadConfig } from '../src/config/config';
import { shopifyHeaders } from '../src/plugin-system/testing/webhook-signing';
import { createScratchDatabase } from '../test/harness/test-database';
import { runStandalone } from './bench-app';
import { iterations, ms, printTable, ratio, summarize } from './report';

const SECRET = 'shpss_bench_client_secret_0123456789';
const JWT_SECRET = 'benchmark-secret-that-is-at-least-32-characters';
const CUSTOMERS = 200;
const CONCURRENCY = 8;
const SKUS = ['BENCH-TEE', 'BENCH-MUG', 'BENCH-CAP'];
const RECORD = `mutation ($input: RecordOrderInput!) { recordOrder(input: $input) { id pointsEarned } }`;

/**
 * Shopify `orders/paid` deliveries processed per second, end to end: signed POST → HMAC check over the
 * raw body → dedupe insert → 200 → background worker → order recorded and points earned. The baseline,
 * measured in the same run on the same database, records the same orders through `recordOrder` over
 * HTTP (everything but signature, dedupe and queue). A third phase re-sends every delivery: the
 * dedupe path, which must write nothing. BENCH_DATABASE_URL=mysql://... runs it on MariaDB.
 */
export async function runWebhooksBench(): Promise<void> {
  const database = await createScratchDatabase(process.env.BENCH_DATABASE_URL, 'bench');
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: database.url,
    JWT_SECRET,
    SEED_DEMO_DATA: 'false',
    LOG_LEVEL: 'silent',
    PLUGINS: 'shopify',
    PLUGIN_SECRETS_KEY: randomBytes(32).toString('hex'),
  });
  const app = await startApplication(config, createLogger(config.logLevel));
  const base = app.server.url.replace('/graphql', '');
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  try {
    const ctx = { principal: { role: 'admin' as const, subject: 'bench' }, requestId: 'bench' };
    await app.plugins.host.install(ctx, 'shopify');
    await app.plugins.host.configure(ctx, 'shopify', {
      clientSecret: SECRET,
      currency: 'EUR',
      createMembers: true,
    });
    await app.plugins.host.enable(ctx, 'shopify');
    const admin = await issueToken(JWT_SECRET, { role: 'admin', subject: 'bench', expiresIn: '1h' });
    const gql = async (query: string, variables: Record<string, unknown>) => {
      const response = await fetch(app.server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { errors?: unknown[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
    };
    await gql(`mutation ($input: CreateEarningRuleInput!) { createEarningRule(input: $input) { id } }`, {
      input: { name: 'Base rate', kind: 'BASE_RATE', parameters: { pointsPerUnit: 1, unitAmountMinor: 100 } },
    });
    // node:http over kept-alive sockets, as a platform's sender would: the in-process client must not be
    // what limits the figure (undici's fetch took more CPU per delivery than the server's accept path).
    const target = new URL(`${base}/webhooks/shopify`);
    const post = (topic: string, body: string, webhookId: string = randomUUID()) =>
      new Promise<void>((resolve, reject) => {
        const headers = shopifyHeaders({ body, secret: SECRET, topic, webhookId });
        const request = http.request(
          {
            host: target.hostname,
            port: target.port,
            path: target.pathname,
            method: 'POST',
            agent,
            headers: { ...headers, 'content-length': Buffer.byteLength(body) },
          },
          (response) => {
            response.resume();
            response.on('end', () =>
              response.statusCode === 200
                ? resolve()
                : reject(new Error(`webhook answered ${response.statusCode}`)),
            );
          },
        );
        request.on('error', reject);
        request.end(body);
      });
    // Setup through the connector itself: products and customers (members created on first sight).
    for (const [i, sku] of SKUS.entries()) {
      await post(
        'products/create',
        `{"id":${9000 + i},"title":"${sku}","product_type":"bench","variants":[{"id":${9100 + i},"sku":"${sku}","title":"Default Title","price":"12.50"}]}`,
      );
    }
    for (let c = 0; c < CUSTOMERS; c++) {
      await post(
        'customers/create',
        `{"id":${customerId(c)},"email":"bench${c}@example.com","first_name":"B","last_name":"C"}`,
      );
    }
    await app.plugins.worker.drain();

    const perPhase = iterations(600);
    let sequence = 0;
    const next = () => ++sequence;

    // Baseline: the same orders through recordOrder over HTTP.
    const baseline = await measure(perPhase, async () => {
      const n = next();
      await gql(RECORD, {
        input: {
          channel: 'shopify',
          externalOrderId: orderId(n),
          channelIdentity: { channel: 'shopify', externalId: customerId(n % CUSTOMERS) },
          currency: 'EUR',
          purchasedAt: new Date(Date.now() - 60_000).toISOString(),
          lines: [
            { sku: SKUS[n % 3], quantity: 2, unitPriceMinor: 1250 },
            { sku: SKUS[(n + 1) % 3], quantity: 1, unitPriceMinor: 1250 },
          ],
          totalMinor: 3750,
        },
      });
    });

    // Webhooks: signed deliveries, accepted fast, processed by the worker; timed until drained.
    const bodies: { body: string; webhookId: string }[] = [];
    const started = performance.now();
    const accepted = await measure(perPhase, async () => {
      const n = next();
      const body = orderJson(n);
      const webhookId = randomUUID();
      bodies.push({ body, webhookId });
      await post('orders/paid', body, webhookId);
    });
    await app.plugins.worker.drain();
    const processedPerSecond = perPhase / ((performance.now() - started) / 1000);
    const recorded = await app.db.dataSource.query(
      `SELECT COUNT(*) AS n, SUM(pointsEarned) AS points FROM customer_order WHERE channel = 'shopify'`,
    );

    // Redeliveries: every delivery again, same webhook id: dedupe answers 200, nothing written.
    let cursor = 0;
    const duplicates = await measure(perPhase, async () => {
      const { body, webhookId } = bodies[cursor++];
      await post('orders/paid', body, webhookId);
    });
    const after = await app.db.dataSource.query(
      `SELECT COUNT(*) AS n FROM customer_order WHERE channel = 'shopify'`,
    );

    printTable(
      `Shopify orders/paid webhooks on ${app.db.kind === 'mysql' ? 'MySQL/MariaDB' : 'SQLite'}: ${perPhase} per phase, ${CONCURRENCY} concurrent senders`,
      ['phase', 'per second', 'median ms', 'p95 ms'],
      [
        [
          'baseline: recordOrder over HTTP',
          baseline.perSecond.toFixed(0),
          ms(baseline.latency.median),
          ms(baseline.latency.p95),
        ],
        [
          'webhook accepted (HMAC, dedupe insert, 200)',
          accepted.perSecond.toFixed(0),
          ms(accepted.latency.median),
          ms(accepted.latency.p95),
        ],
        ['webhook processed end to end (+ worker: record, earn)', processedPerSecond.toFixed(0), '-', '-'],
        [
          'redelivery answered as duplicate',
          duplicates.perSecond.toFixed(0),
          ms(duplicates.latency.median),
          ms(duplicates.latency.p95),
        ],
      ],
      [
        `Deliveries processed per second vs the baseline: ${ratio(processedPerSecond / baseline.perSecond)}.`,
        `Orders recorded: ${Number(recorded[0].n)} (${perPhase} baseline + ${perPhase} webhooks), points ${Number(recorded[0].points)}; ` +
          `after ${perPhase} redeliveries: ${Number(after[0].n)} orders.`,
      ],
    );
  } finally {
    agent.destroy();
    await app.stop();
    await database.drop();
  }
}

function customerId(c: number): string {
  return (9007199254740993n + BigInt(c)).toString();
}

function orderId(n: number): string {
  return (820982911946154508n + BigInt(n)).toString();
}

function orderJson(n: number): string {
  const c = n % CUSTOMERS;
  return `{"id":${orderId(n)},"name":"#${n}","email":"bench${c}@example.com","customer":{"id":${customerId(c)},"email":"bench${c}@example.com"},"currency":"EUR","total_price":"37.50","subtotal_price":"37.50","total_tax":"0.00","total_discounts":"0.00","financial_status":"paid","line_items":[{"id":${n * 10 + 1},"variant_id":1,"sku":"${SKUS[n % 3]}","title":"a","quantity":2,"price":"12.50"},{"id":${n * 10 + 2},"variant_id":2,"sku":"${SKUS[(n + 1) % 3]}","title":"b","quantity":1,"price":"12.50"}],"created_at":"${new Date(Date.now() - 60_000).toISOString()}","processed_at":"${new Date(Date.now() - 60_000).toISOString()}","test":false}`;
}

async function measure(count: number, work: () => Promise<void>) {
  const samples: number[] = [];
  let issued = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (issued < count) {
        issued++;
        const t = performance.now();
        await work();
        samples.push(performance.now() - t);
      }
    }),
  );
  return { perSecond: count / ((performance.now() - started) / 1000), latency: summarize(samples) };
}

if (require.main === module) runStandalone(runWebhooksBench);
