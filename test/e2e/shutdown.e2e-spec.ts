import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
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
