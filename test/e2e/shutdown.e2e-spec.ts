import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { startServerProcess } from '../harness/server-process';
import { createTestDatabase } from '../harness/test-database';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';

describe('graceful shutdown', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await createTestEnvironment();
  });
  afterAll(() => env.stop());

  it('closes open sockets as going away (1001), stops accepting HTTP and closes the database', async () => {
    const token = await env.staffToken();
    const closed = new Promise<number>((resolve) => {
      createClient({
        url: env.app.server.wsUrl.replace('localhost', '127.0.0.1'),
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${token}` },
        lazy: false,
        retryAttempts: 0,
        on: { closed: (event) => resolve((event as { code: number }).code) },
      });
    });
    // Let the non-lazy client connect and be acknowledged before the server stops.
    await new Promise((resolve) => setTimeout(resolve, 200));

    await env.app.stop();

    expect(await closed).toBe(1001);
    expect(env.app.server.httpServer.listening).toBe(false);
    expect(env.app.db.dataSource.isInitialized).toBe(false);
  });
});

/**
 * The built server as `npm start` runs it (NODE_ENV=development: Apollo would register its own
 * SIGTERM handler there, never under NODE_ENV=test), on the engine TEST_DATABASE_URL names. One
 * shutdown path: a SIGTERM after the server sat idle ends it cleanly, not by the 10 s forced exit.
 */
describe('SIGTERM to the server process', () => {
  it('exits 0 after sitting idle for more than 15 s (needs npx tsc -p tsconfig.build.json)', async () => {
    const database = await createTestDatabase();
    try {
      const server = await startServerProcess({
        NODE_ENV: 'development',
        DATABASE_URL: database.url,
        SEED_DEMO_DATA: 'false',
        JOBS_ENABLED: 'false',
      });
      // One request first, so the pool, HTTP keep-alive and the outbox tailer all have something open.
      const health = await fetch(server.url.replace(/\/graphql$/, '/readyz'));
      expect(health.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 16_000));
      expect(await server.stop()).toEqual({ code: 0, signal: null });
    } finally {
      await database.drop();
    }
  }, 60_000);
});
