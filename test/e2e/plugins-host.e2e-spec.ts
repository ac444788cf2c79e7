import path from 'node:path';
import { loadConfig } from '../../src/config/config';
import { coreEntities, coreMigrations } from '../../src/core';
import { loadPlugins } from '../../src/plugin-system';
import { registerMember } from '../harness/members.fixtures';
import { balanceOf } from '../harness/points.fixtures';
import { hmacSha256Hex } from '../../src/plugin-system/sdk';
import {
  createPluginTestEnvironment,
  type PluginTestEnvironment,
} from '../../src/plugin-system/testing/plugin-test-kit';
import { flaky } from './plugins-fixtures/greedy';

const GREEDY = path.join(__dirname, 'plugins-fixtures', 'greedy');
const GREEDY_SECRET = 'greedy-secret-value';

describe('plugin host', () => {
  let env: PluginTestEnvironment;
  let admin: string;

  const sendGreedy = (route: string, body: object, deliveryId: string) => {
    const raw = JSON.stringify(body);
    return env.webhook(
      'greedy',
      raw,
      {
        'content-type': 'application/json',
        'x-signature': hmacSha256Hex(GREEDY_SECRET, raw),
        'x-delivery': deliveryId,
      },
      route,
    );
  };
  const delivery = async (deliveryId: string) => {
    const response = await env.gql<{ webhookDeliveries: { edges: { node: any }[] } }>(
      `query { webhookDeliveries(first: 50, filter: { plugin: "greedy" }) { edges { node { id deliveryId status attempts lastError } } } }`,
      {},
      admin,
    );
    return response.data!.webhookDeliveries.edges.map((e) => e.node).find((d) => d.deliveryId === deliveryId);
  };
  const tableExists = async (table: string) => {
    const sql =
      env.app.db.kind === 'mysql'
        ? `SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '${table}'`
        : `SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = '${table}'`;
    return Number(((await env.app.db.dataSource.query(sql)) as { n: number }[])[0].n) === 1;
  };

  beforeAll(async () => {
    env = await createPluginTestEnvironment({
      plugins: ['shopify', GREEDY],
      configure: {
        shopify: { clientSecret: 'shpss_test_client_secret_0123456789', currency: 'EUR' },
        greedy: { secret: GREEDY_SECRET, greeting: 'hi' },
      },
    });
    admin = await env.adminToken();
  });
  afterAll(() => env.stop());

  describe('refuses to start on a misconfiguration', () => {
    it.each([
      ['a plugin that cannot be found', 'no-such-plugin', 'no-such-plugin: cannot be loaded'],
      ['the same plugin twice', 'shopify,shopify', 'plugin "shopify": loaded twice (duplicate plugin name)'],
    ])('names %s', (_case, plugins, message) => {
      // What startApplication runs first, before it opens the database.
      const config = loadConfig({ NODE_ENV: 'test', PLUGINS: plugins });
      expect(() =>
        loadPlugins(config.plugins, { entities: coreEntities, migrations: coreMigrations }),
      ).toThrow(message);
    });
  });

  it("runs the plugin's migrations at install and lists it with its secrets hidden", async () => {
    expect(await tableExists('greedy_note')).toBe(true);
    const response = await env.gql<{ plugin: any }>(
      `query { plugin(name: "greedy") { name installed enabled options secretsSet webhooks liveFields health { ok } } }`,
      {},
      admin,
    );
    expect(response.data!.plugin).toEqual({
      name: 'greedy',
      installed: true,
      enabled: true,
      options: { greeting: 'hi' },
      secretsSet: ['secret'],
      webhooks: ['/webhooks/greedy/earn', '/webhooks/greedy/note'],
      liveFields: ['Member.greedySlowProfile', 'Member.greedyGreeting'],
      health: { ok: true },
    });
  });

  it('stores secrets encrypted at rest', async () => {
    const [row] = (await env.app.db.dataSource.query(
      `SELECT optionsJson FROM plugin_installation WHERE name = 'greedy'`,
    )) as {
      optionsJson: string;
    }[];
    expect(row.optionsJson).not.toContain(GREEDY_SECRET);
    expect(row.optionsJson).toContain('$sealed');
  });

  it('refuses invalid options with the fields named, keeping the stored ones', async () => {
    const response = await env.gql(
      `mutation { configurePlugin(name: "greedy", options: { secret: "short", colour: "red" }) { name } }`,
      {},
      admin,
    );
    expect(response.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const fields = (response.errors![0].extensions!.fields as { field: string }[]).map((f) => f.field).sort();
    expect(fields).toEqual(['colour', 'secret']);
    expect((await sendGreedy('note', {}, 'still-valid')).status).toBe(200);
  });

  it('refuses a plugin that earns without the points:earn permission, and records why', async () => {
    const member = await registerMember(env);
    expect((await sendGreedy('earn', { memberId: Number(member.id) }, 'greedy-1')).status).toBe(200);
    await env.drainDeliveries();
    expect(await delivery('greedy-1')).toMatchObject({
      status: 'FAILED',
      attempts: 1,
      lastError: 'Plugin "greedy" lacks the "points:earn" permission',
    });
    expect((await balanceOf(env, member.id)).available).toBe(0);
    const errors = await env.gql<{ plugin: { recentErrors: { message: string }[] } }>(
      `query { plugin(name: "greedy") { recentErrors { message } } }`,
      {},
      admin,
    );
    expect(errors.data!.plugin.recentErrors[0].message).toContain('lacks the "points:earn" permission');
  });

  it('retries a failing delivery with backoff until it succeeds', async () => {
    flaky.set('flaky-1', 2);
    expect((await sendGreedy('note', {}, 'flaky-1')).status).toBe(200);
    for (let i = 0; i < 50 && (await delivery('flaky-1'))?.status !== 'PROCESSED'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      await env.drainDeliveries();
    }
    expect(await delivery('flaky-1')).toMatchObject({ status: 'PROCESSED', attempts: 3, lastError: null });
    const notes = (await env.app.db.dataSource.query(
      `SELECT text FROM greedy_note WHERE text = 'flaky-1'`,
    )) as unknown[];
    expect(notes).toHaveLength(1);
  });

  it('answers a live field from the plugin, and its fallback when the platform is too slow', async () => {
    const member = await registerMember(env);
    const started = Date.now();
    const response = await env.gql<{ member: any }>(
      `query ($id: ID!) { member(id: $id) { greedyGreeting greedySlowProfile } }`,
      { id: member.id },
      await env.staffToken(),
    );
    expect(response.data!.member).toEqual({
      greedyGreeting: { greeting: 'hi', memberId: Number(member.id) },
      greedySlowProfile: { unavailable: true },
    });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  describe('partner API keys', () => {
    const issue = async (plugin: string, scopes: string[]) => {
      const response = await env.gql<{
        issuePartnerApiKey: { key: string; apiKey: { id: string; scopes: string[] } };
      }>(
        `mutation ($input: IssuePartnerApiKeyInput!) { issuePartnerApiKey(input: $input) { key apiKey { id scopes } } }`,
        { input: { plugin, label: `${plugin} test key`, scopes } },
        admin,
      );
      return response;
    };
    const asPartner = (key: string, query: string) =>
      env
        .http()
        .post('/graphql')
        .set('content-type', 'application/json')
        .set('x-api-key', key)
        .send({ query });

    it('lets a key with members:read read members, and records its last use', async () => {
      const issued = (await issue('greedy', ['members:read'])).data!.issuePartnerApiKey;
      expect(issued.key).toMatch(/^lpk_/);
      const response = await asPartner(issued.key, '{ members(first: 1) { totalCount } }');
      expect(response.status).toBe(200);
      expect(response.body.data.members.totalCount).toBeGreaterThan(0);
      const keys = await env.gql<{ partnerApiKeys: { id: string; lastUsedAt: string | null }[] }>(
        `query { partnerApiKeys(plugin: "greedy") { id lastUsedAt } }`,
        {},
        admin,
      );
      expect(keys.data!.partnerApiKeys.find((k) => k.id === issued.apiKey.id)!.lastUsedAt).not.toBeNull();
      const [stored] = (await env.app.db.dataSource.query(
        `SELECT keyHash FROM partner_api_key WHERE id = ?`,
        [Number(issued.apiKey.id)],
      )) as {
        keyHash: string;
      }[];
      expect(stored.keyHash).not.toContain(issued.key.slice(4));
    });

    it('cannot read members outside its scope, nor reach operations closed to partners', async () => {
      const { key } = (await issue('shopify', ['orders:write'])).data!.issuePartnerApiKey;
      const members = await asPartner(key, '{ members(first: 1) { totalCount } }');
      expect(members.body.errors[0].extensions.code).toBe('FORBIDDEN');
      expect(members.body.errors[0].message).toBe('This API key lacks the members:read scope');
      const audit = await asPartner(key, '{ auditLog(first: 1) { edges { cursor } } }');
      expect(audit.body.errors[0].extensions.code).toBe('FORBIDDEN');
    });

    it('issues scopes only within the plugin permissions', async () => {
      const response = await issue('greedy', ['points:earn']);
      expect(response.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    });

    it('stops working once revoked', async () => {
      const { key, apiKey } = (await issue('greedy', ['members:read'])).data!.issuePartnerApiKey;
      await env.gql(
        `mutation ($id: ID!) { revokePartnerApiKey(id: $id) { revokedAt } }`,
        { id: apiKey.id },
        admin,
      );
      const response = await asPartner(key, '{ members(first: 1) { totalCount } }');
      expect(response.status).toBe(401);
      expect(response.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    });
  });

  it('drops the plugin tables on uninstall with dropData and revokes its keys', async () => {
    const response = await env.gql(
      `mutation { uninstallPlugin(input: { name: "greedy", dropData: true }) }`,
      {},
      admin,
    );
    expect(response.data).toEqual({ uninstallPlugin: true });
    expect(await tableExists('greedy_note')).toBe(false);
    const keys = (await env.app.db.dataSource.query(
      `SELECT COUNT(*) AS n FROM partner_api_key WHERE plugin = 'greedy' AND revokedAt IS NULL`,
    )) as {
      n: number;
    }[];
    expect(Number(keys[0].n)).toBe(0);
    expect((await sendGreedy('note', {}, 'after-uninstall')).status).toBe(404);
  });
});
