import { randomBytes } from 'node:crypto';
import { issueToken } from '../../src/auth/token-issuer';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';

describe('security headers', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await createTestEnvironment();
  });
  afterAll(() => env.stop());

  it('marks GraphQL answers nosniff and not frameable, with no Strict-Transport-Security over plain HTTP', async () => {
    const response = await env.http().post('/graphql').send({ query: '{ __typename }' });
    expect(response.status).toBe(200);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['strict-transport-security']).toBeUndefined();
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('sends Strict-Transport-Security when a TLS-terminating proxy forwarded the request', async () => {
    const response = await env
      .http()
      .post('/graphql')
      .set('x-forwarded-proto', 'https')
      .send({ query: '{ __typename }' });
    expect(response.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
  });

  it('gives the console a policy that loads only its own assets and connects only to its own origin', async () => {
    const response = await env.http().get('/console/');
    expect(response.status).toBe(200);
    const policy = response.headers['content-security-policy'] as string;
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("connect-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain('unsafe-inline');
  });

  it('lets nothing load from answers outside the console and /graphql', async () => {
    const response = await env.http().get('/healthz');
    expect(response.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('with introspection off (production)', () => {
  let env: TestEnvironment;
  let staff: string;

  beforeAll(async () => {
    // Production refuses the harness's well-known secret: this environment gets its own.
    const secret = randomBytes(48).toString('base64');
    env = await createTestEnvironment({ env: { NODE_ENV: 'production', JWT_SECRET: secret } });
    staff = await issueToken(secret, { role: 'staff', subject: 'staff-1', expiresIn: '1h' });
  });
  afterAll(() => env.stop());

  it('names no field of the schema in a validation error ("Did you mean" is cut)', async () => {
    const response = await env.gql('{ memberz { id } }', {}, staff);
    expect(response.status).toBe(400);
    expect(response.errors![0].message).toBe('Cannot query field "memberz" on type "Query".');
    expect(response.errors![0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('names no enum value in a refused variable', async () => {
    const response = await env.gql(
      'mutation ($input: CloseMembershipInput!) { closeMembership(id: "1", input: $input) { id } }',
      { input: { reason: 'MOVED_AWA' } },
      staff,
    );
    expect(response.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors![0].message).not.toMatch(/Did you mean|MOVED_AWAY/);
  });

  it('refuses introspection over graphql-ws as over HTTP, without suggestions', async () => {
    const client = env.wsClient({ authorization: staff });
    const result = await new Promise<unknown>((resolve) => {
      client.subscribe(
        { query: '{ __schema { queryType { name } } memberz }' },
        { next: resolve, error: resolve, complete: () => undefined },
      );
    });
    const errors = result as { message: string; extensions: { code: string } }[];
    expect(new Set(errors.map((error) => error.extensions.code))).toEqual(
      new Set(['GRAPHQL_VALIDATION_FAILED']),
    );
    expect(errors[0].message).toMatch(/introspection has been disabled/);
    expect(errors.map((error) => error.message)).toContain('Cannot query field "memberz" on type "Query".');
    expect(errors.map((error) => error.message).join(' ')).not.toMatch(/Did you mean/);
    const overHttp = await env.gql('{ __schema { queryType { name } } }', {}, staff);
    expect(overHttp.errors![0].message).toMatch(/introspection is not allowed/);
    expect(overHttp.errors![0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
