import 'reflect-metadata';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { bootBenchApp, runStandalone, type BenchApp } from './bench-app';
import { iterations, ms, printTable, summarize } from './report';

const ADMIN = { principal: { role: 'admin' as const, subject: 'bench-admin' }, requestId: 'bench' };

/**
 * Outbound webhooks, two questions:
 * 1. Does a partner endpoint slow the requests whose events it receives? registerMember is timed with
 *    no endpoint, then with one subscribed endpoint that answers after PARTNER_DELAY_MS (a slow
 *    partner), the worker sending in the background meanwhile.
 * 2. How fast does one process deliver? EVENTS member registrations queued for a partner answering at
 *    once, then drained: deliveries per second (fan-out, claim, sign, POST, outcome).
 * BENCH_ITERATIONS sets the registrations of (1) (200) and of (2) (500); BENCH_DATABASE_URL for MariaDB.
 */
export async function runOutboundWebhooksBench(): Promise<void> {
  const timedRequests = iterations(200);
  const events = Math.max(500, timedRequests);
  const rows: string[][] = [];
  const bench = await bootBenchApp();
  const slow = await receiver(250);
  const fast = await receiver(0);
  try {
    const alone = await registrations(bench, timedRequests);
    const slowEndpoint = await endpoint(bench, slow.url);
    const withSlow = await registrations(bench, timedRequests);
    const sentMeanwhile = slow.count();
    await remove(bench, slowEndpoint);
    for (const [label, samples] of [
      ['no endpoint', alone],
      ['1 endpoint answering in 250 ms', withSlow],
    ] as const) {
      const s = summarize(samples);
      rows.push([`${bench.engine}, ${label}`, String(samples.length), ms(s.median), ms(s.p95), ms(s.max)]);
    }
    printTable(
      'registerMember over HTTP while outbound webhooks are sent in the background',
      ['engine, endpoints', 'requests', 'p50 ms', 'p95 ms', 'max ms'],
      rows,
      [`The slow partner received ${sentMeanwhile} deliveries while the requests ran.`],
    );

    await endpoint(bench, fast.url);
    const worker = bench.app.outboundWebhooks;
    await worker.stop(); // queue everything first, then time the drain alone
    for (let i = 0; i < events; i += 1) await register(bench);
    const started = performance.now();
    await worker.drain();
    const seconds = (performance.now() - started) / 1000;
    printTable(
      'Outbound webhook delivery: one process, one endpoint answering at once',
      ['engine', 'deliveries', 's', 'deliveries/s'],
      [[bench.engine, String(fast.count()), seconds.toFixed(2), String(Math.round(fast.count() / seconds))]],
      ['Fan-out of the queued events included; each delivery is claimed, signed, POSTed and recorded.'],
    );
  } finally {
    await bench.stop();
    await slow.close();
    await fast.close();
  }
}

let sequence = 0;
async function register(bench: BenchApp): Promise<void> {
  sequence += 1;
  const response = await bench.gql(
    `mutation ($e: String!) { registerMember(input: { joinChannel: "online-store", email: $e }) { id } }`,
    { e: `bench.webhooks.${process.pid}.${sequence}@example.com` },
  );
  if (response.errors) throw new Error(JSON.stringify(response.errors));
}

async function registrations(bench: BenchApp, count: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    await register(bench);
    latencies.push(performance.now() - started);
  }
  return latencies;
}

async function endpoint(bench: BenchApp, url: string): Promise<number> {
  const created = await bench.app.core.services.outboundWebhooks.create(ADMIN, {
    url,
    eventTypes: ['member.registered'],
  });
  return created.endpoint.id;
}

async function remove(bench: BenchApp, id: number): Promise<void> {
  await bench.app.core.services.outboundWebhooks.remove(ADMIN, id);
}

/** A partner on loopback answering 200 after `delayMs`; counts what it received. */
async function receiver(delayMs: number) {
  let received = 0;
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received += 1;
      setTimeout(() => response.writeHead(200).end('ok'), delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    count: () => received,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

if (require.main === module) runStandalone(runOutboundWebhooksBench);
