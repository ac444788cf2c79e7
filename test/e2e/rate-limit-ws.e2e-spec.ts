import type { Client } from 'graphql-ws';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';

const NOW = '2031-05-06T10:00:00.000Z';
const KPIS = `query { programKpis(input: { from: "2031-04-01T00:00:00.000Z", to: "2031-05-01T00:00:00.000Z" }) { activeMembers } }`;

interface Outcome {
  data?: unknown;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** One query over the socket: its result, or the error message graphql-ws sent for it. */
function run(client: Client, query: string): Promise<Outcome> {
  return new Promise((resolve) => {
    let result: Outcome = {};
    client.subscribe(
      { query },
      {
        next: (value) => (result = value as Outcome),
        error: (error) => resolve({ errors: Array.isArray(error) ? error : [{ message: String(error) }] }),
        complete: () => resolve(result),
      },
    );
  });
}

/** Opens a socket with `token` and answers how it was closed (code and reason). */
function closedWith(env: TestEnvironment, token: string): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    const client = env.wsClient({ authorization: `Bearer ${token}` }, resolve);
    // Lazy clients connect on their first operation; the operation's own fate does not matter here.
    client.subscribe({ query: '{ __typename }' }, { next: () => {}, error: () => {}, complete: () => {} });
  });
}

describe('rate limits over graphql-ws', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await createTestEnvironment({
      now: NOW,
      env: {
        RATE_LIMIT_STAFF: '3',
        RATE_LIMIT_EXPENSIVE: '1',
        RATE_LIMIT_FAILED_AUTH: '2',
        // A lazy graphql-ws client closes when idle and opens a new socket for its next operation.
        RATE_LIMIT_WS_CONNECTIONS: '50',
        RATE_LIMIT_WINDOW_SECONDS: '120',
      },
    });
  });
  afterAll(() => env.stop());

  it('answers the operation past the caller budget with a RATE_LIMITED error, shared with HTTP, and leaves other callers alone', async () => {
    const token = await env.token('staff', 'ws-busy');
    const overHttp = await env.gql('{ __typename }', {}, token);
    expect(overHttp.status).toBe(200);

    const client = env.wsClient({ authorization: `Bearer ${token}` });
    const first = await run(client, '{ __typename }');
    const second = await run(client, '{ __typename }');
    const third = await run(client, '{ __typename }');

    expect(first.data).toEqual({ __typename: 'Query' });
    expect(second.data).toEqual({ __typename: 'Query' });
    expect(third.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', scope: 'request' });
    expect(third.errors![0].extensions!.retryAfter).toBeGreaterThanOrEqual(1);
    expect(third.errors![0].extensions).not.toHaveProperty('http');

    const other = env.wsClient({ authorization: `Bearer ${await env.token('staff', 'ws-calm')}` });
    expect((await run(other, '{ __typename }')).data).toEqual({ __typename: 'Query' });
  });

  it('spends the separate expensive budget on KPIs over a socket too', async () => {
    const client = env.wsClient({ authorization: `Bearer ${await env.token('staff', 'ws-analyst')}` });
    expect((await run(client, KPIS)).errors).toBeUndefined();
    const refused = await run(client, KPIS);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', scope: 'expensive' });
    expect((await run(client, '{ __typename }')).data).toEqual({ __typename: 'Query' });
  });

  it('closes sockets with 4429 once an address has failed authentication too often', async () => {
    const first = await closedWith(env, 'bad-token-1');
    const second = await closedWith(env, 'bad-token-2');
    const third = await closedWith(env, 'bad-token-3');
    expect([first.code, second.code]).toEqual([4403, 4403]);
    expect(third.code).toBe(4429);
    expect(third.reason).toMatch(/failed authentication attempts: retry in \d+ s/);
  });
});

describe('WebSocket connection floods', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await createTestEnvironment({ now: NOW, env: { RATE_LIMIT_WS_CONNECTIONS: '2' } });
  });
  afterAll(() => env.stop());

  it('closes the connection past the per-address budget with 4429 and a retry hint', async () => {
    const token = await env.staffToken();
    const kept = [
      env.wsClient({ authorization: `Bearer ${token}` }),
      env.wsClient({ authorization: `Bearer ${token}` }),
    ];
    for (const client of kept)
      expect((await run(client, '{ __typename }')).data).toEqual({ __typename: 'Query' });

    const flood = await closedWith(env, token);
    expect(flood.code).toBe(4429);
    expect(flood.reason).toMatch(/Too many connections: retry in \d+ s/);
  });
});
