import { buildClientSchema, getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import WebSocket from 'ws';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';
import { leaksIn } from '../harness/fuzz-checks';
import { FuzzRandom } from '../harness/fuzz-random';
import { OperationGenerator } from '../harness/fuzz-operations';
import { anyJson, deepJson, hostileString } from '../harness/fuzz-values';

const OPERATIONS = Number(process.env.FUZZ_WS_OPERATIONS) || 600;
const RAW_SESSIONS = Number(process.env.FUZZ_WS_SESSIONS) || 300;
const IN_FLIGHT = 8;
/** Close codes that mean the server failed (graphql-ws's 4500 Internal error, WebSocket's 1011). */
const SERVER_FAILURE_CODES = new Set([1011, 4500]);

/**
 * Hostile traffic over graphql-ws: schema-generated operations through a real graphql-ws client, and
 * raw `ws` frames that break the protocol. No answer may carry INTERNAL_SERVER_ERROR or a stack trace,
 * no socket may be closed as a server failure, and the server must still answer afterwards.
 * Run with FUZZ_SEED=<seed> to replay a failing run.
 */
describe('hostile graphql-ws traffic never causes a server error', () => {
  let env: TestEnvironment;
  let random: FuzzRandom;
  let operations: OperationGenerator;
  let tokens: string[];
  let wsUrl: string;

  beforeAll(async () => {
    env = await createTestEnvironment();
    random = FuzzRandom.fromEnvironment();
    console.log(`fuzz-ws seed: ${random.seed} (replay with FUZZ_SEED=${random.seed})`);
    const introspection = await env.gql<IntrospectionQuery>(
      getIntrospectionQuery(),
      {},
      await env.adminToken(),
    );
    operations = new OperationGenerator(buildClientSchema(introspection.data!), random);
    tokens = [await env.staffToken(), await env.adminToken(), await env.memberToken(1)];
    wsUrl = env.app.server.wsUrl.replace('localhost', '127.0.0.1');
  }, 60_000);
  afterAll(() => env.stop());

  it('answers schema-generated operations from a graphql-ws client with no internal error or stack trace', async () => {
    const failures = new Map<string, string>();
    const closes: number[] = [];
    const clients = tokens.map((token) =>
      env.wsClient({ authorization: token }, (event) => closes.push(event.code)),
    );
    const jobs = Array.from({ length: OPERATIONS }, (_, index) => {
      const operation =
        index < operations.rootCount ? operations.operation(undefined, index) : operations.operation();
      return { operation, client: random.pick(clients) };
    });
    let cursor = 0;
    const worker = async () => {
      while (cursor < jobs.length) {
        const { operation, client } = jobs[cursor++];
        const outcome = await new Promise<unknown>((resolve) => {
          let settled = false;
          const finish = (value: unknown) => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            unsubscribe();
            resolve(value);
          };
          const unsubscribe = client.subscribe(
            { query: operation.query, variables: operation.variables },
            { next: finish, error: finish, complete: () => finish('complete') },
          );
          // A subscription with valid arguments waits for events that never come: it has answered.
          const timer = setTimeout(() => finish('waiting'), 200);
        });
        const problems = leaksIn(JSON.stringify(outcome) ?? '');
        if (problems.length)
          failures.set(
            `${operation.field}: ${problems.join(', ')}`,
            `${operation.query.slice(0, 300)} → ${JSON.stringify(outcome).slice(0, 400)}`,
          );
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    expect({
      seed: random.seed,
      failures: Object.fromEntries(failures),
      closes: closes.filter((code) => SERVER_FAILURE_CODES.has(code)),
    }).toEqual({
      seed: random.seed,
      failures: {},
      closes: [],
    });
  }, 120_000);

  it('closes sockets that break the protocol with a client-error code, never as a server failure', async () => {
    const failures = new Map<string, string>();
    const sessions = Array.from({ length: RAW_SESSIONS }, () => rawSession());
    let cursor = 0;
    const worker = async () => {
      while (cursor < sessions.length) {
        const { label, frames } = sessions[cursor++];
        const outcome = await play(frames);
        const problems = [
          ...(SERVER_FAILURE_CODES.has(outcome.closeCode ?? 0) ? [`closed ${outcome.closeCode}`] : []),
          ...(outcome.error ? [`socket error ${outcome.error}`] : []),
          ...leaksIn(`${outcome.messages.join('\n')} ${outcome.closeReason}`),
        ];
        if (problems.length)
          failures.set(
            `${label}: ${problems.join(', ')}`,
            JSON.stringify({ frames: frames.map((frame) => String(frame).slice(0, 200)), outcome }).slice(
              0,
              800,
            ),
          );
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    expect({ seed: random.seed, failures: Object.fromEntries(failures) }).toEqual({
      seed: random.seed,
      failures: {},
    });
  }, 120_000);

  it('still answers an ordinary query over graphql-ws and over HTTP afterwards', async () => {
    const client = env.wsClient({ authorization: await env.staffToken() });
    const result = await new Promise<unknown>((resolve, reject) => {
      client.subscribe(
        { query: '{ members { totalCount } }' },
        { next: resolve, error: reject, complete: () => undefined },
      );
    });
    expect(result).toEqual({ data: { members: { totalCount: expect.any(Number) } } });
    const overHttp = await env.gql('{ __typename }');
    expect(overHttp.data).toEqual({ __typename: 'Query' });
  });

  /** A socket's frames: mostly a valid connection_init first, then hostile messages. */
  function rawSession(): { label: string; frames: (string | Buffer)[] } {
    const init = JSON.stringify({ type: 'connection_init', payload: { authorization: random.pick(tokens) } });
    const subscribe = (payload: unknown, id: unknown = `${random.int(1, 1e6)}`) =>
      JSON.stringify({ id, type: 'subscribe', payload });
    const operation = () => operations.operation();
    const [label, frames] = random.weighted<[string, () => (string | Buffer)[]]>([
      [3, ['not JSON', () => [init, random.pick(['{', 'hello', '', ' ', '\u0000', '{"type":'])]]],
      [2, ['binary', () => [init, Buffer.from([0xff, 0x00, 0x81])]]],
      [3, ['not a message', () => [init, JSON.stringify(anyJson(random))]]],
      [
        2,
        [
          'unknown type',
          () => [
            init,
            JSON.stringify({ type: random.pick(['start', 'stop', 'data', '', 5, null, 'connection_ack']) }),
          ],
        ],
      ],
      [3, ['subscribe before init', () => [subscribe({ query: '{ __typename }' })]]],
      [2, ['init twice', () => [init, init]]],
      [
        4,
        [
          'hostile connection params',
          () => [
            JSON.stringify({
              type: 'connection_init',
              payload: random.pick<unknown>([
                'x',
                [],
                null,
                5,
                { authorization: 5 },
                { authorization: 'Bearer x.y.z' },
                { authorization: hostileString(random) },
                { token: { nested: true } },
                { Authorization: 'Bearer ' },
                deepJson(500),
              ]),
            }),
            subscribe({ query: '{ __typename }' }),
          ],
        ],
      ],
      [
        3,
        [
          'bad subscribe id',
          () => [
            init,
            subscribe(
              { query: '{ __typename }' },
              random.pick<unknown>([undefined, 5, '', null, {}, 'x'.repeat(5000)]),
            ),
          ],
        ],
      ],
      [
        2,
        [
          'duplicate id',
          () => [
            init,
            subscribe({ query: 'subscription { activityFeed { id } }' }, 'same'),
            subscribe({ query: '{ __typename }' }, 'same'),
          ],
        ],
      ],
      [
        4,
        [
          'bad payload',
          () => [
            init,
            subscribe(
              random.pick<unknown>([
                undefined,
                null,
                'x',
                [],
                { query: 5 },
                { query: null },
                { query: '' },
                { query: '{ __typename }', variables: 'x' },
                { query: '{ __typename }', variables: [1] },
                { query: '{ __typename }', operationName: 5 },
                { query: '{ __typename }', extensions: 'x' },
                { query: '{ __typename }', variables: deepJson(2000) },
              ]),
            ),
          ],
        ],
      ],
      [
        8,
        [
          'hostile operation',
          () => {
            const op = operation();
            return [
              init,
              subscribe({ query: op.query, variables: random.chance(0.2) ? anyJson(random) : op.variables }),
            ];
          },
        ],
      ],
      [
        3,
        [
          'hostile document',
          () => [
            init,
            subscribe({
              query: random.pick([
                '{'.repeat(20_000),
                `{ ${'members { edges { node { '.repeat(30)}id${' } } }'.repeat(30)} }`,
                `{ ${Array.from({ length: 300 }, (_, i) => `a${i}: __typename`).join(' ')} }`,
                hostileString(random),
                'fragment F on Query { ...F } { ...F }',
                'subscription { activityFeed { id } } subscription B { activityFeed { id } }',
                'query A { __typename } subscription B { activityFeed { id } }',
              ]),
            }),
          ],
        ],
      ],
      [
        2,
        [
          'complete unknown',
          () => [init, JSON.stringify({ id: random.pick(['nope', 5, '']), type: 'complete' })],
        ],
      ],
      [
        2,
        [
          'ping pong',
          () => [init, JSON.stringify({ type: random.pick(['ping', 'pong']), payload: anyJson(random) })],
        ],
      ],
      [1, ['oversize frame', () => [init, subscribe({ query: `{ __typename } # ${'x'.repeat(200_000)}` })]]],
      [
        2,
        [
          'many subscriptions',
          () => [
            init,
            ...Array.from({ length: 30 }, (_, i) =>
              subscribe({ query: 'subscription { activityFeed { id } }' }, `s${i}`),
            ),
          ],
        ],
      ],
    ]);
    return { label, frames: frames() };
  }

  /** Opens a raw socket, sends the frames, and gathers what comes back until closed or quiet. */
  function play(frames: (string | Buffer)[]) {
    return new Promise<{ messages: string[]; closeCode?: number; closeReason: string; error?: string }>(
      (resolve) => {
        const messages: string[] = [];
        const socket = new WebSocket(wsUrl, 'graphql-transport-ws');
        let error: string | undefined;
        // "Quiet" counts from the open, not from the connect: on a loaded machine the handshake alone
        // can take longer than the quiet period. A server that never accepts still ends the session.
        let quiet = setTimeout(() => socket.terminate(), 15_000);
        socket.on('open', () => {
          for (const frame of frames) socket.send(frame);
          clearTimeout(quiet);
          quiet = setTimeout(() => socket.terminate(), 600);
        });
        socket.on('message', (data) => messages.push(String(data)));
        socket.on('error', (err) => (error = String(err)));
        socket.on('close', (code, reason) => {
          clearTimeout(quiet);
          resolve({
            messages,
            closeCode: code === 1006 ? undefined : code,
            closeReason: String(reason),
            error,
          });
        });
      },
    );
  }
});
