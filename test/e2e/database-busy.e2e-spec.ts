import BetterSqlite3 from 'better-sqlite3';
import { createScratchDatabase, type TestDatabase } from '../harness/test-database';
import {
  createPluginTestEnvironment,
  shopifyHeaders,
  type PluginTestEnvironment,
} from '../../src/plugin-system/testing/plugin-test-kit';
import { orderJson, SHOPIFY_SECRET } from '../../plugins/shopify/test/shopify.samples';

const REGISTER = `mutation ($input: RegisterMemberInput!) { registerMember(input: $input) { id } }`;

/**
 * Embedded SQLite whose file another process holds the write lock on (the seeding CLI, a backup): a
 * write waits DB_ACQUIRE_TIMEOUT_MS, then the API says "retry later" instead of INTERNAL_SERVER_ERROR.
 * Always on an SQLite file of its own, whichever engine the run uses.
 */
describe('a write-locked SQLite database', () => {
  let database: TestDatabase;
  let env: PluginTestEnvironment;
  let otherProcess: BetterSqlite3.Database;

  const register = async (email: string) =>
    env
      .http()
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('authorization', `Bearer ${await env.staffToken()}`)
      .send({ query: REGISTER, variables: { input: { email, joinChannel: 'online-store' } } });
  const sendOrder = (body: string) =>
    env.webhook('shopify', body, shopifyHeaders({ body, secret: SHOPIFY_SECRET, topic: 'orders/paid' }));

  beforeAll(async () => {
    database = await createScratchDatabase(undefined, 'busy');
    env = await createPluginTestEnvironment({
      plugins: ['shopify'],
      configure: { shopify: { clientSecret: SHOPIFY_SECRET, currency: 'EUR', createMembers: true } },
      env: { DATABASE_URL: database.url, DB_ACQUIRE_TIMEOUT_MS: '200' },
    });
    otherProcess = new BetterSqlite3(database.url.slice('sqlite:'.length));
  });
  afterAll(async () => {
    if (otherProcess?.inTransaction) otherProcess.exec('ROLLBACK');
    otherProcess?.close();
    await env?.stop();
    await database?.drop();
  });

  it('answers a mutation SERVICE_UNAVAILABLE with HTTP 503 and Retry-After while another process holds the lock', async () => {
    otherProcess.exec('BEGIN IMMEDIATE');
    try {
      const response = await register('locked-out@example.com');
      expect(response.status).toBe(503);
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      expect(response.body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual([
        'SERVICE_UNAVAILABLE',
      ]);
    } finally {
      otherProcess.exec('ROLLBACK');
    }
    const retried = await register('locked-out@example.com');
    expect(retried.status).toBe(200);
    expect(retried.body.data.registerMember.id).toBeDefined();
  });

  it('answers a webhook 503 with Retry-After while locked, so the platform sends it again, and stores it then', async () => {
    const body = orderJson({ orderId: '5001', customerId: '6001', email: 'webhook@example.com' });
    otherProcess.exec('BEGIN IMMEDIATE');
    try {
      const response = await sendOrder(body);
      expect(response.status).toBe(503);
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      expect(response.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    } finally {
      otherProcess.exec('ROLLBACK');
    }
    const again = await sendOrder(body);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ received: true });
  });

  it('answers a partner API-key request 503 with Retry-After while locked, not a 500 from the key check', async () => {
    const issued = await env.gql<{ issuePartnerApiKey: { key: string } }>(
      `mutation ($input: IssuePartnerApiKeyInput!) { issuePartnerApiKey(input: $input) { key } }`,
      { input: { plugin: 'shopify', label: 'during a lock', scopes: ['members:read'] } },
      await env.adminToken(),
    );
    const key = issued.data!.issuePartnerApiKey.key;
    const asPartner = () =>
      env
        .http()
        .post('/graphql')
        .set('content-type', 'application/json')
        .set('x-api-key', key)
        .send({ query: '{ __typename }' });
    otherProcess.exec('BEGIN IMMEDIATE');
    try {
      const response = await asPartner();
      expect(response.status).toBe(503);
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      expect(response.body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual([
        'SERVICE_UNAVAILABLE',
      ]);
    } finally {
      otherProcess.exec('ROLLBACK');
    }
    expect((await asPartner()).status).toBe(200);
  });

  it('stays ready while only writes wait: readers are not blocked by a writer', async () => {
    otherProcess.exec('BEGIN IMMEDIATE');
    try {
      expect((await env.http().get('/readyz')).status).toBe(200);
    } finally {
      otherProcess.exec('ROLLBACK');
    }
  });
});
