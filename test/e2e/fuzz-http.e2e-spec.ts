import http from 'node:http';
import zlib from 'node:zlib';
import { createHash } from 'node:crypto';
import { buildClientSchema, getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';
import { leaksIn } from '../harness/fuzz-checks';
import { FuzzRandom } from '../harness/fuzz-random';
import { OperationGenerator, type FuzzOperation } from '../harness/fuzz-operations';
import { anyJson, deepJson, hostileString } from '../harness/fuzz-values';
import { rawHttp, type RawRequest } from '../harness/raw-http';

/** How many generated requests one run sends (FUZZ_HTTP_REQUESTS overrides, e.g. for a long soak). */
const REQUESTS = Number(process.env.FUZZ_HTTP_REQUESTS) || 2000;
const IN_FLIGHT = 6;

/**
 * Thousands of hostile HTTP requests built from the served schema and from what clients get wrong at
 * the transport (bodies, encodings, content types, query strings, headers). Every answer must be a
 * JSON body under 500 with no INTERNAL_SERVER_ERROR and no stack trace, and no socket may be dropped.
 * Run with FUZZ_SEED=<seed> to replay a failing run.
 */
describe('hostile HTTP requests never cause a server error', () => {
  let env: TestEnvironment;
  let random: FuzzRandom;
  let operations: OperationGenerator;
  let tokens: string[];

  beforeAll(async () => {
    env = await createTestEnvironment();
    random = FuzzRandom.fromEnvironment();
    console.log(`fuzz-http seed: ${random.seed} (replay with FUZZ_SEED=${random.seed})`);
    const introspection = await env.gql<IntrospectionQuery>(
      getIntrospectionQuery(),
      {},
      await env.adminToken(),
    );
    operations = new OperationGenerator(buildClientSchema(introspection.data!), random);
    const expired = await env.token('staff', 'staff-1', -10);
    tokens = [
      await env.staffToken(),
      await env.adminToken(),
      await env.memberToken(1),
      await env.memberToken(987654321),
      expired,
      '',
    ];
  }, 60_000);
  afterAll(() => env.stop());

  it('answers every generated request under 500, as JSON, with no internal error or stack trace', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
    const failures = new Map<string, { count: number; example: string }>();
    const requests = Array.from({ length: REQUESTS }, (_, index) => nextRequest(index));
    let cursor = 0;
    const worker = async () => {
      while (cursor < requests.length) {
        const [family, request] = requests[cursor++];
        const answer = await rawHttp(env.app.server.httpServer, agent, request);
        const problems =
          answer.kind === 'dropped'
            ? [`dropped: ${answer.error}`]
            : [
                ...(answer.status >= 500 ? [`HTTP ${answer.status}`] : []),
                ...(isJson(answer.text) || bodiless(request) ? [] : ['a body that is not JSON']),
                ...leaksIn(answer.text),
              ];
        if (problems.length) {
          // One example per family and problem, so a run shows every class of failure at once.
          const key = `${family}: ${problems.join(', ')}`;
          const text = answer.kind === 'response' ? offendingPart(answer.text) : '';
          const seen = failures.get(key) ?? { count: 0, example: `${describeRequest(request)} → ${text}` };
          failures.set(key, { ...seen, count: seen.count + 1 });
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    agent.destroy();
    expect({ seed: random.seed, failures: Object.fromEntries(failures) }).toEqual({
      seed: random.seed,
      failures: {},
    });
  }, 180_000);

  it('still answers an ordinary query afterwards', async () => {
    const response = await env.gql<{ members: { totalCount: number } }>(
      '{ members { totalCount } }',
      {},
      await env.staffToken(),
    );
    expect(response.status).toBe(200);
    expect(response.errors).toBeUndefined();
    expect(typeof response.data?.members.totalCount).toBe('number');
  });

  /** The first requests cover every root field once; the rest are drawn by weight. */
  function nextRequest(index: number): [string, RawRequest] {
    if (index < operations.rootCount)
      return ['schema', postOperation(operations.operation(undefined, index))];
    const [family, build] = random.weighted<[string, () => RawRequest]>([
      [40, ['schema', () => postOperation(operations.operation())]],
      [6, ['schema over GET', () => getOperation(operations.operation(['query']))]],
      [5, ['malformed JSON', malformedJson]],
      [5, ['content type', oddContentType]],
      [6, ['encoding', oddEncoding]],
      [4, ['batch', batched]],
      [6, ['odd body', oddBody]],
      [6, ['hostile document', hostileDocument]],
      [5, ['query string', oddQueryString]],
      [5, ['headers', oddHeaders]],
      [5, ['persisted query', persistedQuery]],
      [3, ['subscription over HTTP', () => postOperation(operations.operation(['subscription']))]],
    ]);
    return [family, build()];
  }

  function authHeaders(): Record<string, string> {
    const token = random.pick(tokens);
    return token ? { authorization: `Bearer ${token}` } : {};
  }

  function post(body: string | Buffer, headers: Record<string, string> = {}): RawRequest {
    return {
      method: 'POST',
      path: '/graphql',
      headers: { 'content-type': 'application/json', ...authHeaders(), ...headers },
      body,
    };
  }

  function postOperation(operation: FuzzOperation): RawRequest {
    return post(JSON.stringify({ query: operation.query, variables: operation.variables }));
  }

  function getOperation(operation: FuzzOperation): RawRequest {
    const params = new URLSearchParams({
      query: operation.query,
      variables: JSON.stringify(operation.variables),
    });
    return {
      method: 'GET',
      path: `/graphql?${params}`,
      headers: { 'apollo-require-preflight': 'true', ...authHeaders() },
    };
  }

  function malformedJson(): RawRequest {
    const valid = JSON.stringify({ query: '{ __typename }' });
    return post(
      random.pick([
        '',
        '{',
        '{"query":',
        valid.slice(0, random.int(1, valid.length - 1)),
        `${valid}garbage`,
        "{'query': '{ __typename }'}",
        '{"query":"{ __typename }",}',
        '\u0000\u0001\u0002',
        '\ufeff' + valid,
        'null',
        'true',
        '"{ __typename }"',
        '[',
        '{"query":"\\ud800"}',
        '{"__proto__":{"query":"{ __typename }"}}',
        `{"query":"{ __typename }","variables":${'['.repeat(5000)}${']'.repeat(5000)}}`,
      ]),
    );
  }

  function oddContentType(): RawRequest {
    const body = JSON.stringify({ query: '{ __typename }' });
    const type = random.pick([
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      'application/graphql',
      'application/json; charset=latin1',
      'application/json; charset=utf-16',
      'application/json; charset=ébc',
      'application/graphql-response+json',
      'application/json;;;',
      '*/*',
      'application/json, text/plain',
    ]);
    return { method: 'POST', path: '/graphql', headers: { 'content-type': type, ...authHeaders() }, body };
  }

  function oddEncoding(): RawRequest {
    const body = Buffer.from(JSON.stringify({ query: '{ __typename }' }));
    const gzipped = zlib.gzipSync(body);
    return random.pick<() => RawRequest>([
      () => post(body, { 'content-encoding': 'gzip' }),
      () => post(body, { 'content-encoding': 'deflate' }),
      () => post(body, { 'content-encoding': 'br' }),
      () => post(gzipped.subarray(0, random.int(1, gzipped.length - 1)), { 'content-encoding': 'gzip' }),
      () => post(gzipped, { 'content-encoding': 'deflate' }),
      () => post(gzipped, { 'content-encoding': 'gzip' }),
      () => post(zlib.deflateSync(body), { 'content-encoding': 'deflate' }),
      () =>
        post(body, {
          'content-encoding': random.pick(['compress', 'x-gzip', 'gzip, gzip', 'zstd', '', 'identity']),
        }),
      () => post(zlib.gzipSync(Buffer.alloc(2_000_000, 32)), { 'content-encoding': 'gzip' }),
    ])();
  }

  function batched(): RawRequest {
    const items = Array.from({ length: random.int(0, 5) }, () => {
      const operation = operations.operation(['query']);
      return random.chance(0.8)
        ? { query: operation.query, variables: operation.variables }
        : anyJson(random);
    });
    return post(JSON.stringify(items));
  }

  function oddBody(): RawRequest {
    return post(
      JSON.stringify(
        random.pick<() => unknown>([
          () => ({ query: anyJson(random) }),
          () => ({ query: '{ __typename }', variables: anyJson(random) }),
          () => ({ query: '{ __typename }', operationName: anyJson(random) }),
          () => ({ query: '{ __typename }', extensions: anyJson(random) }),
          () => ({
            query: 'query A { __typename } query B { __typename }',
            operationName: random.pick([null, 'A', 'C', '', 5]),
          }),
          () => ({
            query: 'query A { __typename } subscription B { activityFeed { id } }',
            operationName: random.pick(['A', 'B', undefined]),
          }),
          () => ({}),
          () => ({ variables: { a: 1 } }),
          () => ({ query: '{ __typename }', variables: deepJson(3000) }),
          () => ({ query: 'query ($v: ID!) { member(id: $v) { id } }', variables: { v: deepJson(2000) } }),
        ])(),
      ),
    );
  }

  function hostileDocument(): RawRequest {
    const document = random.pick<() => string>([
      () => `{ ${'members { edges { node { '.repeat(random.int(5, 40))}id${' } } }'.repeat(5)} }`,
      () => `{ ${Array.from({ length: random.int(10, 400) }, (_, i) => `a${i}: __typename`).join(' ')} }`,
      () => `{ ${'__typename '.repeat(random.int(100, 6000))}}`,
      () => '{'.repeat(random.int(100, 20_000)),
      () => `query ${'($a: Int)'.repeat(3)} { __typename }`,
      () => 'fragment F on Query { ...F } { ...F }',
      () => '{ __typename @skip(if: $undefined) @unknownDirective }',
      () =>
        `{ members(first: ${random.pick(['1e100', '-0', '2147483648', '"10"', 'null', '[1]'])}) { totalCount } }`,
      () => `{ member(id: ${JSON.stringify(hostileString(random))}) { id } }`,
      () => `{ __schema { types { fields { type { ofType { ofType { ofType { ofType { name } } } } } } } } }`,
      () => `{ __type(name: ${JSON.stringify(hostileString(random))}) { name } }`,
      () => hostileString(random),
      () => '\u0000{ __typename }',
      () => `{ members { edges { node { ${'... on Member { id } '.repeat(random.int(10, 500))}} } } }`,
    ])();
    return post(JSON.stringify({ query: document }));
  }

  function oddQueryString(): RawRequest {
    const path = random.pick([
      '/graphql',
      '/graphql?',
      '/graphql?query=',
      '/graphql?query=%7B__typename%7D&query=%7B__typename%7D',
      '/graphql?query[a]=1',
      '/graphql?query=%ZZ',
      '/graphql?query=%7B__typename%7D&variables=%7B',
      '/graphql?query=%7B__typename%7D&variables=null',
      '/graphql?query=%7B__typename%7D&variables=[1]',
      '/graphql?query=%7B__typename%7D&extensions=%7B%22persistedQuery%22:1%7D',
      '/graphql?query=%7B__typename%7D&operationName=%00',
      `/graphql?query=${encodeURIComponent(`{ member(id: ${JSON.stringify(hostileString(random).slice(0, 2000))}) { id } }`)}`,
      `/graphql?${'a=1&'.repeat(2000)}query=%7B__typename%7D`,
      '/graphql?query=mutation%7BrecomputeRecommendations%7D',
      '/graphql?query=subscription%7BactivityFeed%7Bid%7D%7D',
      '/graphql/../graphql?query=%7B__typename%7D',
      '/graphql?query=%7B__typename%7D#frag',
    ]);
    const headers: Record<string, string> = random.chance(0.8) ? { 'apollo-require-preflight': '1' } : {};
    return {
      method: random.pick(['GET', 'GET', 'HEAD', 'DELETE', 'PUT', 'OPTIONS', 'PATCH']),
      path,
      headers: { ...headers, ...authHeaders() },
    };
  }

  function oddHeaders(): RawRequest {
    const request = postOperation(operations.operation(['query']));
    const extra = random.pick<Record<string, string>>([
      { authorization: 'Bearer' },
      { authorization: 'Bearer a.b.c' },
      { authorization: `Bearer ${'x'.repeat(8000)}` },
      { authorization: 'Basic dXNlcjpwYXNz' },
      { authorization: 'bearer  ' },
      { 'x-api-key': 'lk_nope' },
      { 'x-api-key': '' },
      { accept: 'text/html' },
      { accept: 'application/graphql-response+json' },
      { accept: 'multipart/mixed' },
      { accept: '*/*;q=0' },
      { 'x-request-id': '../../etc/passwd' },
      { 'x-request-id': 'x'.repeat(500) },
      { origin: 'null' },
      { origin: 'https://evil.example' },
      { 'x-forwarded-proto': 'https' },
      { 'x-forwarded-for': '1.2.3.4, garbage' },
      { expect: '100-continue' },
      { 'x-apollo-operation-name': 'x' },
      { 'apollo-require-preflight': 'true' },
    ]);
    return { ...request, headers: { ...request.headers, ...extra } };
  }

  function persistedQuery(): RawRequest {
    const query = operations.operation(['query']).query;
    const hash = createHash('sha256').update(query).digest('hex');
    const persisted = random.pick<unknown>([
      { version: 1, sha256Hash: hash },
      { version: 1, sha256Hash: 'abc' },
      { version: 2, sha256Hash: hash },
      { version: '1', sha256Hash: hash },
      { version: 1, sha256Hash: 5 },
      { version: 1, sha256Hash: { a: 1 } },
      { version: 1 },
      'yes',
      [],
      0,
    ]);
    const body: Record<string, unknown> = { extensions: { persistedQuery: persisted } };
    if (random.chance(0.5)) body.query = query;
    return post(JSON.stringify(body));
  }
});

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The errors that fail the check (or the start of the body), to keep a report readable. */
function offendingPart(text: string): string {
  try {
    const errors = (JSON.parse(text) as { errors?: unknown[] }).errors ?? [];
    const bad = errors.filter((error) => leaksIn(JSON.stringify(error)).length > 0);
    if (bad.length) return JSON.stringify(bad).slice(0, 600);
  } catch {
    // not JSON: the start of the body says enough
  }
  return text.slice(0, 300);
}

/** HEAD and CORS preflight answers carry no body. */
function bodiless(request: RawRequest): boolean {
  return request.method === 'HEAD' || request.method === 'OPTIONS';
}

function describeRequest(request: RawRequest): string {
  const body = request.body === undefined ? '' : Buffer.from(request.body).toString('utf8').slice(0, 1000);
  const headers = Object.entries(request.headers ?? {})
    .filter(([name]) => name !== 'authorization')
    .map(([name, value]) => `${name}: ${value.slice(0, 60)}`)
    .join('; ');
  return `${request.method} ${request.path.slice(0, 200)} [${headers}] ${JSON.stringify(body)}`;
}
