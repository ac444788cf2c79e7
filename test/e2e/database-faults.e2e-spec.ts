import mysql from 'mysql2/promise';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';
import { createScratchDatabase, type TestDatabase } from '../harness/test-database';
import { TcpProxy } from '../harness/tcp-proxy';
import { registerMember } from '../harness/members.fixtures';
import { createEarningRule, orderInput, upsertProducts } from '../harness/orders.fixtures';
import { expectLedgerConsistent } from '../harness/points.fixtures';

/**
 * The server talks to MariaDB through a TCP proxy that the test cuts and stalls while orders are being
 * recorded. Whatever the run's own engine, this file needs MariaDB (TEST_DATABASE_URL when it names one,
 * else TEST_MYSQL_URL or root@127.0.0.1:3306, which CI starts for both passes); it makes its own database.
 */
const MARIADB =
  process.env.TEST_DATABASE_URL && !process.env.TEST_DATABASE_URL.startsWith('sqlite:')
    ? process.env.TEST_DATABASE_URL
    : (process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/loyalty_test');

// Waiting for a connection or a statement may take longer than /readyz may: the probe has its own deadline.
const TIMEOUTS = { connect: 500, acquire: 2_500, query: 2_500 };
/** A request waits at most for a connection, then for one statement; the rest is a loaded CI machine. */
const FAIL_FAST_MS = TIMEOUTS.acquire + TIMEOUTS.query + 2_000;
const READY_WITHIN_MS = 2_000;

const RECORD_ORDER = `mutation ($input: RecordOrderInput!) {
  recordOrder(input: $input) { id externalId pointsEarned lines { lineNo } } }`;
const MEMBERS_PAGE = `query { members(first: 5) { edges { node { id } } } }`;

interface Answer {
  status: number;
  retryAfter: string | undefined;
  body: any;
  ms: number;
}

describe('database faults under load (MariaDB behind a TCP proxy)', () => {
  let proxy: TcpProxy;
  let database: TestDatabase;
  let env: TestEnvironment;
  let staff: string;
  let members: string[];
  /** Every order sent, by external id, with whether the client was told it was recorded. */
  const sent = new Map<string, { input: Record<string, unknown>; recorded: boolean }>();

  const post = async (query: string, variables: Record<string, unknown> = {}): Promise<Answer> => {
    const started = performance.now();
    const response = await env
      .http()
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('authorization', `Bearer ${staff}`)
      .send({ query, variables });
    return {
      status: response.status,
      retryAfter: response.headers['retry-after'],
      body: response.body,
      ms: performance.now() - started,
    };
  };
  const readyz = async () => {
    const started = performance.now();
    const response = await env.http().get('/readyz');
    return { status: response.status, ms: performance.now() - started };
  };
  const sendOrder = async (memberId: string): Promise<Answer> => {
    const input = orderInput(memberId, [
      ['BEANS', 2, 1250],
      ['MUG', 1, 999],
    ]);
    sent.set(String(input.externalOrderId), { input, recorded: false });
    const answer = await post(RECORD_ORDER, { input });
    if (answer.body.data?.recordOrder) sent.get(String(input.externalOrderId))!.recorded = true;
    return answer;
  };
  /** Orders from several clients at once until `stop()`; the fault happens while they run. */
  const startLoad = (clients: number) => {
    let running = true;
    const answers: Answer[] = [];
    const loops = Array.from({ length: clients }, async (_, i) => {
      while (running) answers.push(await sendOrder(members[i % members.length]));
    });
    return {
      answers,
      stop: async () => {
        running = false;
        await Promise.all(loops);
      },
    };
  };
  /** Waits (polling, bounded by the test timeout) until the server is ready again. */
  const untilReady = async () => {
    while ((await readyz()).status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
  };
  const expectUnavailable = (answer: Answer) => {
    expect(answer.body.errors?.map((e: any) => e.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(answer.body.data ?? null).toBeNull();
    expect(answer.status).toBe(503);
    expect(Number(answer.retryAfter)).toBeGreaterThan(0);
    expect(answer.ms).toBeLessThan(FAIL_FAST_MS);
  };

  beforeAll(async () => {
    const server = new URL(MARIADB.replace(/^mariadb:/, 'mysql:'));
    const probe = await mysql
      .createConnection({ host: server.hostname, port: Number(server.port || 3306), user: server.username })
      .catch((error: Error) => {
        throw new Error(`This test needs MariaDB at ${server.host} (set TEST_MYSQL_URL): ${error.message}`);
      });
    await probe.end();
    proxy = await TcpProxy.start({ host: server.hostname, port: Number(server.port || 3306) });
    database = await createScratchDatabase(MARIADB, 'faults');
    const proxied = new URL(database.url);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    env = await createTestEnvironment({
      env: {
        DATABASE_URL: proxied.toString(),
        DB_CONNECT_TIMEOUT_MS: String(TIMEOUTS.connect),
        DB_ACQUIRE_TIMEOUT_MS: String(TIMEOUTS.acquire),
        DB_QUERY_TIMEOUT_MS: String(TIMEOUTS.query),
      },
    });
    staff = await env.staffToken();
    await upsertProducts(env, [
      { sku: 'BEANS', category: 'coffee' },
      { sku: 'MUG', category: 'homeware' },
    ]);
    await createEarningRule(env, {
      name: 'Base rate',
      kind: 'BASE_RATE',
      parameters: { pointsPerUnit: 1, unitAmountMinor: 100 },
    });
    members = [];
    for (let i = 0; i < 3; i++) members.push((await registerMember(env)).id);
  }, 60_000);

  afterAll(async () => {
    proxy?.restore();
    await env?.stop();
    await proxy?.close();
    await database?.drop();
  });

  it('answers SERVICE_UNAVAILABLE (HTTP 503, Retry-After) within its timeouts while the database stalls, and /readyz 503 within 2 s', async () => {
    const load = startLoad(6);
    while (load.answers.length < 12) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(load.answers.every((answer) => answer.status === 200 && !answer.body.errors)).toBe(true);

    proxy.stall();
    // Everything sent now is answered while the stall still holds: nothing waits for the network.
    const [orders, page, ready] = await Promise.all([
      Promise.all(members.map((id) => sendOrder(id))),
      post(MEMBERS_PAGE),
      readyz(),
    ]);
    const inFlight = load.answers.length;
    await load.stop();
    const duringStall = load.answers.slice(inFlight);
    proxy.restore();

    for (const answer of [...orders, page, ...duringStall]) expectUnavailable(answer);
    expect(ready.status).toBe(503);
    expect(ready.ms).toBeLessThan(READY_WITHIN_MS);
  });

  it('is ready again and records orders once the stall ends', async () => {
    await untilReady();
    const answer = await sendOrder(members[0]);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.recordOrder.lines).toHaveLength(2);
  });

  it('answers /readyz 503 within 2 s while the database stalls, even from an idle pooled connection', async () => {
    await untilReady();
    // No load: the probe takes a pooled connection that looks healthy, and only then meets the stall.
    proxy.stall();
    const ready = await readyz();
    proxy.restore();
    expect(ready.status).toBe(503);
    expect(ready.ms).toBeLessThan(READY_WITHIN_MS);
    await untilReady();
  });

  it('answers SERVICE_UNAVAILABLE fast while the connection is cut, and recovers after', async () => {
    const load = startLoad(6);
    while (load.answers.length < 12) await new Promise((resolve) => setTimeout(resolve, 20));

    proxy.cut();
    const [orders, page, ready] = await Promise.all([
      Promise.all(members.map((id) => sendOrder(id))),
      post(MEMBERS_PAGE),
      readyz(),
    ]);
    const inFlight = load.answers.length;
    await load.stop();
    const duringCut = load.answers.slice(inFlight);
    proxy.restore();

    for (const answer of [...orders, page, ...duringCut]) expectUnavailable(answer);
    expect(ready.status).toBe(503);
    expect(ready.ms).toBeLessThan(READY_WITHIN_MS);

    await untilReady();
    const answer = await sendOrder(members[1]);
    expect(answer.body.errors).toBeUndefined();
  });

  it('never leaves an order half written: each is whole or absent, and every ledger equals its balance', async () => {
    await untilReady();
    const rows = (await env.app.db.dataSource.query(
      `SELECT o.externalId, o.pointsEarned,
         (SELECT COUNT(*) FROM order_line l WHERE l.orderId = o.id) AS line_count,
         (SELECT COALESCE(SUM(e.points), 0) FROM ledger_entry e WHERE e.orderId = o.id) AS ledger_points
       FROM customer_order o`,
    )) as { externalId: string; pointsEarned: number; line_count: string; ledger_points: string }[];
    const stored = new Map(rows.map((row) => [row.externalId, row]));
    expect(sent.size).toBeGreaterThan(20);
    for (const [externalId, order] of sent) {
      const row = stored.get(externalId);
      // Told "recorded" means stored; told "unavailable" may still have committed (a COMMIT whose answer
      // was lost), but only ever whole.
      if (order.recorded) expect(row).toBeDefined();
      if (!row) continue;
      expect(Number(row.line_count)).toBe(2);
      expect(Number(row.pointsEarned)).toBe(34);
      expect(Number(row.ledger_points)).toBe(34);
    }
    for (const member of members) await expectLedgerConsistent(env, member);
  });

  it('records every order exactly once when clients retry the refused ones with the same ids', async () => {
    const refused = [...sent.values()].filter((order) => !order.recorded);
    expect(refused.length).toBeGreaterThan(0);
    for (const order of refused) {
      const answer = await post(RECORD_ORDER, { input: order.input });
      expect(answer.body.errors).toBeUndefined();
    }
    const [{ n }] = (await env.app.db.dataSource.query('SELECT COUNT(*) AS n FROM customer_order')) as {
      n: string;
    }[];
    expect(Number(n)).toBe(sent.size);
    for (const member of members) await expectLedgerConsistent(env, member);
  });
});
