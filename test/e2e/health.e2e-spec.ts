import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Probes for the orchestrator, and the X-Request-Id every response carries so logs and traces join up. */
describe('health probes and request ids', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await createTestEnvironment();
  });
  afterAll(() => env.stop());

  it('answers /healthz with 200 and status ok, without a token', async () => {
    const response = await env.http().get('/healthz');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/application\/json/);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('answers /readyz with 200 and status ready once the database answers and migrations have run', async () => {
    const response = await env.http().get('/readyz');
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('ready');
    expect(response.body.database).toBe(env.app.db.kind);
  });

  it('does not name the framework (no X-Powered-By) and says nothing beyond the status on /healthz', async () => {
    const response = await env.http().get('/healthz');
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(Object.keys(response.body)).toEqual(['status']);
  });

  it.each(['/healthz', '/readyz', '/graphql'])('echoes the caller’s X-Request-Id on %s', async (path) => {
    const request =
      path === '/graphql'
        ? env
            .http()
            .post(path)
            .set('content-type', 'application/json')
            .set('x-request-id', 'trace-1234_abc.def:9')
        : env.http().get(path).set('x-request-id', 'trace-1234_abc.def:9');
    const response = path === '/graphql' ? await request.send({ query: '{ __typename }' }) : await request;
    expect(response.headers['x-request-id']).toBe('trace-1234_abc.def:9');
  });

  it('generates a fresh UUID request id when none is given, different for every request', async () => {
    const first = await env.http().get('/healthz');
    const second = await env.http().get('/healthz');
    const graphql = await env
      .http()
      .post('/graphql')
      .set('content-type', 'application/json')
      .send({ query: '{ __typename }' });
    const ids = [first, second, graphql].map((response) => response.headers['x-request-id']);
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(3);
  });

  it.each([
    ['containing spaces', 'not a valid id'],
    ['longer than 64 characters', 'x'.repeat(65)],
    ['carrying an encoded header-injection attempt', 'abc%0d%0aSet-Cookie:x=1'],
    ['containing non-ASCII characters', 'trace-ü'],
  ])('replaces a caller X-Request-Id %s with a generated one', async (_label, given) => {
    const response = await env.http().get('/healthz').set('x-request-id', given);
    expect(response.headers['x-request-id']).not.toBe(given);
    expect(response.headers['x-request-id']).toMatch(UUID);
  });

  it('keeps a caller X-Request-Id of exactly 64 allowed characters', async () => {
    const given = 'a'.repeat(64);
    const response = await env.http().get('/readyz').set('x-request-id', given);
    expect(response.headers['x-request-id']).toBe(given);
  });

  it('returns the request id on error responses too, such as an oversized body', async () => {
    const response = await env
      .http()
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('x-request-id', 'trace-too-large')
      .send({ query: '{ __typename }', variables: { pad: 'x'.repeat(150_000) } });
    expect(response.status).toBe(413);
    expect(response.headers['x-request-id']).toBe('trace-too-large');
  });

  it('answers 404 for an unknown path while still carrying a request id', async () => {
    const response = await env.http().get('/no-such-path');
    expect(response.status).toBe(404);
    expect(response.headers['x-request-id']).toMatch(UUID);
  });
});
