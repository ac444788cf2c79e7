import { randomBytes } from 'node:crypto';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';

const WHO_AM_I = `{ detractorAlerts(first: 1) { totalCount } }`;
const ADMIN_ONLY = `{ auditLog(first: 1) { edges { cursor } } }`;

/** How the console signs staff in: settings from the server, and a one-click demo sign-in outside production only. */
describe('console sign-in outside production', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await createTestEnvironment();
  });
  afterAll(() => env.stop());

  it('offers demo staff and demo admin sign-in, and no OIDC provider when none is configured', async () => {
    const response = await env.http().get('/console/settings.json').expect(200);
    expect(response.body).toEqual({ environment: 'test', oidc: null, demoRoles: ['staff', 'admin'] });
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('mints a one-hour demo staff token the API accepts for staff work and refuses for admin work', async () => {
    const response = await env.http().post('/console/demo-sign-in').send({ role: 'staff' }).expect(200);
    expect(response.body).toMatchObject({ role: 'staff', subject: 'demo-staff', expiresInSeconds: 3600 });
    const staffCall = await env.gql<any>(WHO_AM_I, {}, response.body.token);
    expect(staffCall.errors).toBeUndefined();
    const adminCall = await env.gql<any>(ADMIN_ONLY, {}, response.body.token);
    expect(adminCall.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('mints a demo admin token for admin work', async () => {
    const response = await env.http().post('/console/demo-sign-in').send({ role: 'admin' }).expect(200);
    const adminCall = await env.gql<any>(ADMIN_ONLY, {}, response.body.token);
    expect(adminCall.errors).toBeUndefined();
  });

  it('refuses any other role, such as member or system', async () => {
    for (const role of ['member', 'system', 'partner', '', null]) {
      const response = await env.http().post('/console/demo-sign-in').send({ role }).expect(400);
      expect(response.body.code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('console sign-in in production', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await createTestEnvironment({
      env: {
        NODE_ENV: 'production',
        JWT_SECRET: randomBytes(48).toString('base64'),
        JWT_ISSUER: 'https://id.example.com/realms/loyalty',
        JWT_AUDIENCE: 'loyalty-api',
        CONSOLE_OIDC_CLIENT_ID: 'support-console',
      },
    });
  });
  afterAll(() => env.stop());

  it('tells the console the identity provider to sign in with, and offers no demo sign-in', async () => {
    const response = await env.http().get('/console/settings.json').expect(200);
    expect(response.body).toEqual({
      environment: 'production',
      oidc: {
        issuer: 'https://id.example.com/realms/loyalty',
        clientId: 'support-console',
        scope: 'openid profile email',
        audience: 'loyalty-api',
      },
      demoRoles: [],
    });
  });

  it('has no demo sign-in route at all: every request to it is a 404 without a token', async () => {
    for (const role of ['staff', 'admin']) {
      const response = await env.http().post('/console/demo-sign-in').send({ role });
      expect(response.status).toBe(404);
      expect(JSON.stringify(response.body ?? '')).not.toContain('token');
      expect(response.text).not.toMatch(/eyJ/);
    }
    const asGet = await env.http().get('/console/demo-sign-in');
    expect(asGet.status).toBe(404);
  });
});
