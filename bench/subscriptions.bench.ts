import 'reflect-metadata';
import WebSocket from 'ws';
import { startApplication, type Application } from '../src/app';
import { issueToken } from '../src/auth/token-issuer';
import { createLogger } from '../src/common/logger';
import { loadConfig } from '../src/config/config';
import { createScratchDatabase, type TestDatabase } from '../test/harness/test-database';
import { startServerProcess, type ServerProcess } from '../test/harness/server-process';
import { runStandalone } from './bench-app';
import { printTable } from './report';

const SECRET = 'benchmark-secret-that-is-at-least-32-characters';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const FEED = `subscription { activityFeed(filter: { types: ["bench.tick"] }) { id payload } }`;

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

interface Receipt {
  seq: number;
  at: number;
}

/** A bare graphql-transport-ws client: one socket, one subscription, receipt times only (cheap for thousands). */
async function subscriber(wsUrl: string, token: string, receipts: Receipt[]): Promise<WebSocket> {
  const socket = new WebSocket(wsUrl, 'graphql-transport-ws');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () => {
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
    });
    socket.on('message', (raw: Buffer) => {
      const message = JSON.parse(raw.toString()) as {
        type: string;
        payload?: { data?: { activityFeed: { payload: { seq: number } } } };
      };
      if (message.type === 'connection_ack') {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: FEED } }));
        resolve();
      } else if (message.type === 'next')
        receipts.push({ seq: message.payload!.data!.activityFeed.payload.seq, at: Date.now() });
    });
  });
  return socket;
}

/**
 * One principal per simulated support agent, as in production: with a single token the server's
 * per-principal cap (SUBSCRIPTIONS_PER_PRINCIPAL) would refuse all but the first 50 subscriptions.
 */
function agentToken(agent: number): Promise<string> {
  return issueToken(SECRET, { role: 'staff', subject: `bench-agent-${agent}`, expiresIn: '1h' });
}

async function openSubscribers(wsUrl: string, count: number, receipts: Receipt[]) {
  const sockets: WebSocket[] = [];
  for (let i = 0; i < count; i += 250) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(250, count - i) }, async (_, j) =>
        subscriber(wsUrl, await agentToken(i + j), receipts),
      ),
    );
    sockets.push(...batch);
  }
  await new Promise((resolve) => setTimeout(resolve, 500)); // every subscribe message processed
  return sockets;
}

/** Commits `RATE` events a second for `SECONDS` through the outbox, noting when each commit resolved. */
async function publish(writer: Application): Promise<Map<number, number>> {
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
  }
  return committedAt;
}

async function measure(writer: Application, wsUrl: string, count: number) {
  const receipts: Receipt[] = [];
  const sockets = await openSubscribers(wsUrl, count, receipts);
  const started = Date.now();
  const committedAt = await publish(writer);
  const expected = committedAt.size * count;
  const deadline = Date.now() + 120_000;
  while (receipts.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const elapsed = (receipts.reduce((last, r) => Math.max(last, r.at), started) - started) / 1000;
  await Promise.all(
    sockets.map((socket) => new Promise((resolve) => (socket.once('close', resolve), socket.close()))),
  );
  const delays = receipts.map((r) => r.at - committedAt.get(r.seq)!).sort((a, b) => a - b);
  const at = (q: number) => delays[Math.min(delays.length - 1, Math.ceil(q * delays.length) - 1)];
  return {
    row: [
      String(count),
      String(committedAt.size),
      `${receipts.length}/${expected}`,
      (receipts.length / elapsed).toFixed(0),
      String(at(0.5)),
      String(at(0.99)),
    ],
  };
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
 * the subscribers on a second server process (Redis PubSub, shared database). One subscriber is the
 * baseline, measured in the same run.
 */
export async function runSubscriptionsBench(): Promise<void> {
  const header = ['subscribers', 'events', 'delivered', 'deliveries/s', 'p50 ms', 'p99 ms'];
  const notes = [`${RATE} events/s for ${SECONDS} s, each a committed outbox row; delay = receipt - commit`];

  const database = await createScratchDatabase(process.env.BENCH_DATABASE_URL, 'bench');
  const single = await startWriter(database);
  const engine = single.db.kind === 'sqlite' ? 'SQLite' : 'MySQL/MariaDB';
  try {
    const rows = [];
    for (const count of SUBSCRIBERS)
      rows.push((await measure(single, single.server.wsUrl.replace('localhost', '127.0.0.1'), count)).row);
    printTable(`Subscriptions, one process, in-memory PubSub (${engine})`, header, rows, notes);
  } finally {
    await single.stop();
    await database.drop();
  }

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
    const rows = [];
    for (const count of SUBSCRIBERS) rows.push((await measure(writer, reader.wsUrl, count)).row);
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
