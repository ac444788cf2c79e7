import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import { issueToken } from '../../src/auth/token-issuer';
import { createTestDatabase, type TestDatabase } from '../harness/test-database';
import { TEST_JWT_SECRET } from '../harness/test-environment';
import { startServerProcess, type ServerProcess } from '../harness/server-process';
import { ACTIVITY_FIELDS, collect } from '../harness/activity.fixtures';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Two server processes of the built server share the database (a MariaDB database with
 * TEST_DATABASE_URL, otherwise one SQLite file in WAL mode) and Redis: an event committed through
 * one reaches a subscriber connected to the other.
 */
describe('Activity across two server processes (Redis PubSub)', () => {
  let database: TestDatabase;
  let writer: ServerProcess;
  let reader: ServerProcess;
  let staff: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL,
      JWT_SECRET: TEST_JWT_SECRET,
      SEED_DEMO_DATA: 'false',
    };
    writer = await startServerProcess(env); // runs the migrations first
    reader = await startServerProcess(env);
    staff = await issueToken(TEST_JWT_SECRET, { role: 'staff', subject: 'staff-1', expiresIn: '1h' });
  }, 60_000);
  afterAll(async () => {
    await Promise.all([writer?.stop(), reader?.stop()]);
    await database?.drop();
  });

  async function gql(server: ServerProcess, query: string, variables: Record<string, unknown>) {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${staff}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data!;
  }

  it('delivers an event committed through one process to a subscriber of the other, in order', async () => {
    const registered = await gql(
      writer,
      `mutation ($input: RegisterMemberInput!) { registerMember(input: $input) { id } }`,
      { input: { email: `scale-out-${process.pid}@example.com`, joinChannel: 'online-store' } },
    );
    const memberId = registered.registerMember.id as string;
    const client = createClient({
      url: reader.wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${staff}` },
      retryAttempts: 0,
    });
    const live = collect(
      client,
      `subscription ($memberId: ID!) { memberActivity(memberId: $memberId) { ${ACTIVITY_FIELDS} } }`,
      { memberId },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const [index, points] of [25, 26].entries())
      await gql(writer, `mutation ($input: AdjustPointsInput!) { adjustPoints(input: $input) { points } }`, {
        input: {
          memberId,
          points,
          reason: 'scale-out test',
          idempotencyKey: `scale-out-${process.pid}-${index}`,
        },
      });
    await live.until((events) => events.length >= 2);
    expect(live.received.map((event) => [event.type, event.payload.points])).toEqual([
      ['points.adjusted', 25],
      ['points.adjusted', 26],
    ]);
    await client.dispose();
  });
});
