import 'reflect-metadata';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphQLID, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { startApplication, type Application } from '../src/app';
import { issueToken } from '../src/auth/token-issuer';
import { createLogger } from '../src/common/logger';
import { loadConfig } from '../src/config/config';
import { createScratchDatabase, type TestDatabase } from '../test/harness/test-database';
import { startServerProcess, type ServerProcess } from '../test/harness/server-process';
import { runStandalone } from './bench-app';
import { printTable } from './report';
import { SubscriberClients } from './subscriber-clients';

const SECRET = 'benchmark-secret-that-is-at-least-32-characters';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const FEED = `subscription { activityFeed(filter: { types: ["bench.tick"] }) { id payload } }`;
/** The baseline's operation: same field name and shape, no filter to check. */
const BARE_FEED = `subscription { activityFeed { id payload } }`;

const numbers = (raw: string | undefined, fallback: number[]) =>
  raw
    ? raw
        .split(',')
        .map((part) => Number(part.trim()))
        .filter((n) => n > 0)
    : fallback;
const SUBSCRIBERS = numbers(process.env.BENCH_SUBSCRIBERS, [1, 1_000, 5_000]);
const RATE = numbers(process.env.BENCH_EVENT_RATE, [10])[0];
const SECONDS = numbers(process.env.BENCH_SECONDS, [5])[0];
/** `single` (one process, in-memory PubSub) and/or `redis` (subscribers on a second process). */
const MODES = (process.env.BENCH_SUBSCRIPTION_MODES ?? 'single,redis').split(',').map((m) => m.trim());

/** BENCH_MARKS=1: the monotonic time (µs, a CPU profile's clock) of each phase, to cut a profile to it. */
function mark(what: string): void {
  if (process.env.BENCH_MARKS === '1') console.error(`mark ${process.hrtime.bigint() / 1000n} ${what}`);
}

/**
 * One principal per simulated support agent, as in production: with a single token the server's
 * per-principal cap (SUBSCRIPTIONS_PER_PRINCIPAL) would refuse all but the first 50 subscriptions.
 */
function agentToken(agent: number): Promise<string> {
  return issueToken(SECRET, { role: 'staff', subject: `bench-agent-${agent}`, expiresIn: '1h' });
}

/** Opens `count` subscriptions from the clients' thread, each with its own agent's token. */
async function openSubscribers(clients: SubscriberClients, target: Target, count: number): Promise<void> {
  const tokens = await Promise.all(Array.from({ length: count }, (_, agent) => agentToken(agent)));
  await clients.open(target.wsUrl, target.query, tokens);
  await new Promise((resolve) => setTimeout(resolve, 500)); // every subscribe message processed
}

/**
 * Commits `RATE` events a second for `SECONDS` through the outbox, noting when each commit resolved;
 * `committed` hands each event to a baseline server as soon as its commit returns.
 */
async function publish(
  writer: Application,
  committed?: (event: { id: number; payload: { seq: number } }) => void,
): Promise<Map<number, number>> {
  const committedAt = new Map<number, number>();
  const total = RATE * SECONDS;
  const started = Date.now();
  for (let seq = 0; seq < total; seq++) {
    const due = started + (seq * 1000) / RATE;
    if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    await writer.db.transaction((manager) =>
      writer.core.services.activity.recordPluginEvent(manager, {
        type: 'bench.tick',
        memberId: null,
        summary: `tick ${seq}`,
        payload: { seq },
      }),
    );
    committedAt.set(seq, Date.now());
    committed?.({ id: seq + 1, payload: { seq } });
  }
  return committedAt;
}

/** Where the subscribers connect: the product's server, or the bare baseline fed by `committed`. */
interface Target {
  name: string;
  wsUrl: string;
  query: string;
  committed?: (event: { id: number; payload: { seq: number } }) => void;
}

async function measure(writer: Application, clients: SubscriberClients, target: Target, count: number) {
  await openSubscribers(clients, target, count);
  const started = Date.now();
  mark(`${target.name} ${count}: publishing`);
  const committedAt = await publish(writer, target.committed);
  const committing = (Date.now() - started) / 1000;
  const expected = committedAt.size * count;
  const deadline = Date.now() + 120_000;
  while ((await clients.received()) < expected && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  mark(`${target.name} ${count}: drained`);
  const receipts = await clients.close();
  const elapsed = (receipts.reduce((last, r) => Math.max(last, r.at), started) - started) / 1000;
  const delays = receipts.map((r) => r.at - committedAt.get(r.seq)!).sort((a, b) => a - b);
  const at = (q: number) => delays[Math.min(delays.length - 1, Math.ceil(q * delays.length) - 1)];
  const perSecond = receipts.length / elapsed;
  return {
    perSecond,
    row: [
      target.name,
      String(count),
      String(committedAt.size),
      committing.toFixed(1),
      `${receipts.length}/${expected}`,
      perSecond.toFixed(0),
      String(at(0.5)),
      String(at(0.99)),
    ],
  };
}

/**
 * The baseline: a bare graphql-ws + ws server in this process, with one subscription field that
 * returns the event it is given (no resolvers, auth, limits or filters), fed the same committed events.
 * graphql-ws executes and serialises each event once per subscriber, as a plain server does.
 */
async function startBareFanOut() {
  const listeners = new Set<(event: unknown) => void>();
  const Tick = new GraphQLObjectType({
    name: 'Tick',
    fields: { id: { type: new GraphQLNonNull(GraphQLID) }, payload: { type: GraphQLJSONObject } },
  });
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } }),
    subscription: new GraphQLObjectType({
      name: 'Subscription',
      fields: {
        activityFeed: { type: Tick, subscribe: () => listen(listeners), resolve: (event: unknown) => event },
      },
    }),
  });
  const httpServer = createServer();
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const disposable = useServer({ schema }, wsServer);
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  return {
    target: {
      name: 'bare graphql-ws',
      wsUrl: `ws://127.0.0.1:${port}/graphql`,
      query: BARE_FEED,
      committed: (event: unknown) => listeners.forEach((listener) => listener(event)),
    } satisfies Target,
    async stop() {
      await disposable.dispose();
      await new Promise((resolve) => httpServer.close(resolve));
    },
  };
}

/** An unbounded queue per subscriber, as a plain in-memory PubSub gives. */
function listen(listeners: Set<(event: unknown) => void>): AsyncIterableIterator<unknown> {
  const queue: unknown[] = [];
  let wake: (() => void) | null = null;
  let open = true;
  const listener = (event: unknown) => {
    queue.push(event);
    wake?.();
  };
  listeners.add(listener);
  const iterator: AsyncIterableIterator<unknown> = {
    async next() {
      while (open && queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      return open ? { value: queue.shift(), done: false } : { value: undefined, done: true };
    },
    async return() {
      open = false;
      listeners.delete(listener);
      wake?.();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

/** Each count measured against the bare baseline right before it; the ratio is deliveries/s to the baseline's. */
async function compare(writer: Application, product: Target, counts: number[]): Promise<string[][]> {
  const bare = await startBareFanOut();
  const clients = new SubscriberClients();
  const rows: string[][] = [];
  try {
    for (const count of counts) {
      // BENCH_BARE=off measures the product alone (to profile it with node --cpu-prof).
      const baseline =
        process.env.BENCH_BARE === 'off' ? null : await measure(writer, clients, bare.target, count);
      const measured = await measure(writer, clients, product, count);
      if (baseline) rows.push([...baseline.row, '1.00']);
      rows.push([...measured.row, baseline ? (measured.perSecond / baseline.perSecond).toFixed(2) : '-']);
    }
  } finally {
    await clients.stop();
    await bare.stop();
  }
  return rows;
}

async function startWriter(database: TestDatabase, redisUrl?: string): Promise<Application> {
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: database.url,
    JWT_SECRET: SECRET,
    SEED_DEMO_DATA: 'false',
    LOG_LEVEL: 'silent',
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
  });
  return startApplication(config, createLogger(config.logLevel));
}

/**
 * N graphql-ws subscribers to the activity feed while events commit at a steady rate: delivered events
 * per second and the delay from commit to receipt (p50/p99), on one process (in-memory PubSub) and with
 * the subscribers on a second server process (Redis PubSub, shared database). Each count is measured
 * right after a bare graphql-ws + ws server fanned the same committed events out to as many clients:
 * `vs bare` is the product's deliveries per second over the baseline's, in the same run.
 */
export async function runSubscriptionsBench(): Promise<void> {
  const header = [
    'server',
    'subscribers',
    'events',
    'commit s',
    'delivered',
    'deliveries/s',
    'p50 ms',
    'p99 ms',
    'vs bare',
  ];
  const notes = [
    `${RATE} events/s for ${SECONDS} s, each a committed outbox row; delay = receipt - commit;`,
    `commit s = time taken to commit them (${SECONDS} s when the fan-out does not slow the writer);`,
    'bare graphql-ws = a plain graphql-ws + ws server in the bench process, handed each event at commit;',
    'the subscribers run in a worker thread of the bench process',
  ];

  if (MODES.includes('single')) await runSingleProcess(header, notes);
  if (MODES.includes('redis')) await runAcrossProcesses(header, notes);
}

async function runSingleProcess(header: string[], notes: string[]): Promise<void> {
  const database = await createScratchDatabase(process.env.BENCH_DATABASE_URL, 'bench');
  const single = await startWriter(database);
  const engine = single.db.kind === 'sqlite' ? 'SQLite' : 'MySQL/MariaDB';
  try {
    const wsUrl = single.server.wsUrl.replace('localhost', '127.0.0.1');
    const rows = await compare(single, { name: 'product', wsUrl, query: FEED }, SUBSCRIBERS);
    printTable(`Subscriptions, one process, in-memory PubSub (${engine})`, header, rows, notes);
  } finally {
    await single.stop();
    await database.drop();
  }
}

async function runAcrossProcesses(header: string[], notes: string[]): Promise<void> {
  const shared = await createScratchDatabase(process.env.BENCH_DATABASE_URL, 'bench');
  let writer: Application | undefined;
  let reader: ServerProcess | undefined;
  try {
    writer = await startWriter(shared, REDIS_URL);
    reader = await startServerProcess({
      DATABASE_URL: shared.url,
      REDIS_URL,
      JWT_SECRET: SECRET,
      SEED_DEMO_DATA: 'false',
      LOG_LEVEL: 'silent',
    });
    const rows = await compare(writer, { name: 'product', wsUrl: reader.wsUrl, query: FEED }, SUBSCRIBERS);
    const engine = writer.db.kind === 'sqlite' ? 'SQLite' : 'MySQL/MariaDB';
    printTable(`Subscriptions across two processes via Redis (${engine})`, header, rows, [
      ...notes,
      'events commit in the bench process; subscribers are connected to a second server process',
    ]);
  } finally {
    await reader?.stop();
    await writer?.stop();
    await shared.drop();
  }
}

if (require.main === module) runStandalone(runSubscriptionsBench);
