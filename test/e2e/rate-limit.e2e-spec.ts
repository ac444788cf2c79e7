import { register } from 'prom-client';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';

const NOW = '2031-05-06T10:00:00.000Z';
const TYPENAME = '{ __typename }';
const KPIS = `query Kpis { programKpis(input: { from: "2031-04-01T00:00:00.000Z", to: "2031-05-01T00:00:00.000Z" }) { activeMembers } }`;

/** One POST /graphql with the whole response (status and headers), as a client would see it. */
async function post(env: TestEnvironment, query: string, headers: Record<string, string> = {}) {
  const request = env.http().post('/graphql').set('content-type', 'application/json');
  for (const [name, value] of Object.entries(headers)) request.set(name, value);
  const response = await request.send({ query });
  const body = response.body as { errors?: { extensions?: Record<string, unknown> }[] };
  return {
    status: response.status,
    headers: response.headers,
    code: body.errors?.[0]?.extensions?.code,
    body,
  };
}

async function rateLimited(scope: string, role: string): Promise<number> {
  const metric = await register.getSingleMetric('loyalty_rate_limited_total')!.get();
  return metric.values.find((v) => v.labels.scope === scope && v.labels.role === role)?.value ?? 0;
}

describe('rate limits over HTTP', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await createTestEnvironment({
      now: NOW,
      env: {
        RATE_LIMIT_ANONYMOUS: '3',
        RATE_LIMIT_MEMBER: '2',
        RATE_LIMIT_STAFF: '50',
        RATE_LIMIT_EXPENSIVE: '2',
        RATE_LIMIT_FAILED_AUTH: '3',
        RATE_LIMIT_WINDOW_SECONDS: '120',
      },
    });
  });
  afterAll(() => env.stop());

  it('answers the request past an anonymous budget with 429 RATE_LIMITED, Retry-After and RateLimit headers', async () => {
    const before = await rateLimited('request', 'anonymous');
    const answers = [];
    for (let i = 0; i < 4; i += 1) answers.push(await post(env, TYPENAME));

    expect(answers.slice(0, 3).map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.slice(0, 3).map((a) => a.headers['ratelimit-remaining'])).toEqual(['2', '1', '0']);
    expect(answers[0].headers['ratelimit-policy']).toBe('3;w=120');
    expect(answers[0].headers['ratelimit-limit']).toBe('3');
    expect(Number(answers[0].headers['ratelimit-reset'])).toBeGreaterThan(0);

    const refused = answers[3];
    expect(refused.status).toBe(429);
    expect(refused.code).toBe('RATE_LIMITED');
    expect(refused.body.errors![0].extensions).toMatchObject({ scope: 'request' });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(120);
    expect(refused.headers['ratelimit-remaining']).toBe('0');
    expect(await rateLimited('request', 'anonymous')).toBe(before + 1);
  });

  it('leaves other callers their own budgets: each member counts alone, and not against the address', async () => {
    const first = await env.memberToken(101);
    const second = await env.memberToken(102);
    const statuses = async (token: string) => {
      const out = [];
      for (let i = 0; i < 3; i += 1)
        out.push((await post(env, TYPENAME, { authorization: `Bearer ${token}` })).status);
      return out;
    };

    expect(await statuses(first)).toEqual([200, 200, 429]);
    expect(await statuses(second)).toEqual([200, 200, 429]);
    const staff = await post(env, TYPENAME, { authorization: `Bearer ${await env.staffToken()}` });
    expect(staff.status).toBe(200);
    expect(staff.headers['ratelimit-policy']).toBe('50;w=120');
  });

  it('gives expensive operations (KPIs) a separate, stricter budget while cheap ones go on', async () => {
    const token = await env.token('staff', 'kpi-analyst');
    const auth = { authorization: `Bearer ${token}` };

    const kpis = [await post(env, KPIS, auth), await post(env, KPIS, auth), await post(env, KPIS, auth)];
    expect(kpis.map((k) => k.status)).toEqual([200, 200, 429]);
    expect(kpis[2].code).toBe('RATE_LIMITED');
    expect(kpis[2].body.errors![0].extensions).toMatchObject({ scope: 'expensive' });
    expect(kpis[2].headers['ratelimit-policy']).toBe('2;w=120');
    expect(Number(kpis[2].headers['retry-after'])).toBeGreaterThanOrEqual(1);

    const cheap = await post(env, TYPENAME, auth);
    expect(cheap.status).toBe(200);
    expect(Number(cheap.headers['ratelimit-remaining'])).toBe(50 - 4);
  });

  it('does not count an expired token as a failed authentication: an app retrying one locks nobody out', async () => {
    // Expired by the machine's clock, which is what the token check reads.
    const expired = await env.token('staff', 'staff-stale', Math.floor(Date.now() / 1000) - 60);
    const attempts = [];
    for (let i = 0; i < 5; i += 1)
      attempts.push(await post(env, TYPENAME, { authorization: `Bearer ${expired}` }));
    expect(attempts.map((a) => [a.status, a.code])).toEqual(Array(5).fill([401, 'UNAUTHENTICATED']));
  });

  it('slows credential stuffing: failed authentications from an address are refused with 429 after a few', async () => {
    const before = await rateLimited('auth', 'anonymous');
    const bad = { authorization: 'Bearer not-a-token' };
    const attempts = [];
    for (let i = 0; i < 4; i += 1) attempts.push(await post(env, TYPENAME, bad));

    expect(attempts.slice(0, 3).map((a) => [a.status, a.code])).toEqual([
      [401, 'UNAUTHENTICATED'],
      [401, 'UNAUTHENTICATED'],
      [401, 'UNAUTHENTICATED'],
    ]);
    expect(attempts[3].status).toBe(429);
    expect(attempts[3].code).toBe('RATE_LIMITED');
    expect(attempts[3].body.errors![0].extensions).toMatchObject({ scope: 'auth' });
    expect(Number(attempts[3].headers['retry-after'])).toBeGreaterThan(60);

    // While blocked, no credential from that address is even checked, a valid one included; a wrong
    // partner API key is refused the same way.
    const valid = await post(env, TYPENAME, { authorization: `Bearer ${await env.staffToken()}` });
    expect([valid.status, valid.code]).toEqual([429, 'RATE_LIMITED']);
    const apiKey = await post(env, TYPENAME, { 'x-api-key': 'lpk_wrong' });
    expect([apiKey.status, apiKey.code]).toEqual([429, 'RATE_LIMITED']);
    expect(await rateLimited('auth', 'anonymous')).toBeGreaterThanOrEqual(before + 3);
  });
});

describe('rate limits when switched off', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await createTestEnvironment({
      now: NOW,
      env: { RATE_LIMIT_ENABLED: 'false', RATE_LIMIT_ANONYMOUS: '1' },
    });
  });
  afterAll(() => env.stop());

  it('refuses nothing and sends no RateLimit headers', async () => {
    const answers = [await post(env, TYPENAME), await post(env, TYPENAME), await post(env, TYPENAME)];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers[2].headers['ratelimit-policy']).toBeUndefined();
  });
});
