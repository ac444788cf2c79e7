import http from 'node:http';
import path from 'node:path';
import { SHOPIFY_SECRET, customerJson } from '../../plugins/shopify/test/shopify.samples';
import {
  createPluginTestEnvironment,
  shopifyHeaders,
  type PluginTestEnvironment,
} from '../../src/plugin-system/testing/plugin-test-kit';
import { ACTIVITY_FIELDS, collect, sleep } from '../harness/activity.fixtures';
import { registerMember } from '../harness/members.fixtures';
import { givePoints } from '../harness/points.fixtures';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';

const METRICS_TOKEN = 'metrics-token-for-the-e2e-test';
/** The fixture plugin with a live field that always times out (100 ms) and one that answers at once. */
const GREEDY = path.join(__dirname, 'plugins-fixtures', 'greedy');
const NOW = '2031-05-02T10:00:00.000Z';

/** The sum of the samples of `name` that carry `labels` (0 when no such series exists yet). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/([a-zA-Z_]+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([key, value]) => present[key] === value)) total += Number(match[3]);
  }
  return total;
}

/** Every label value of the loyalty_ series but bucket bounds, to prove none carries a member's id or email. */
function labelValues(text: string): string[] {
  const lines = text.split('\n').filter((line) => line.startsWith('loyalty_'));
  return lines.flatMap((line) =>
    [...line.matchAll(/([a-zA-Z_]+)="((?:[^"\\]|\\.)*)"/g)].filter((m) => m[1] !== 'le').map((m) => m[2]),
  );
}

describe('Prometheus /metrics on the main port (METRICS_TOKEN)', () => {
  let env: PluginTestEnvironment;
  let staff: string;

  beforeAll(async () => {
    env = await createPluginTestEnvironment({
      plugins: ['shopify', GREEDY],
      configure: {
        shopify: { clientSecret: SHOPIFY_SECRET, currency: 'EUR' },
        greedy: { secret: 'greedy-secret-value', greeting: 'hi' },
      },
      now: NOW,
      env: { METRICS_TOKEN },
    });
    staff = await env.staffToken();
  });
  afterAll(() => env.stop());

  const scrape = async () => {
    const response = await env.http().get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.text;
  };

  it('refuses a scrape without the bearer token, or with another one', async () => {
    const without = await env.http().get('/metrics');
    expect(without.status).toBe(401);
    expect(without.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(without.text).not.toContain('loyalty_');

    const wrong = await env.http().get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}x`);
    expect(wrong.status).toBe(401);
  });

  it('serves process and event-loop metrics', async () => {
    const text = await scrape();
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes \d/m);
  });

  it('times GraphQL requests by operation name and outcome, and counts their SQL statements', async () => {
    const member = await registerMember(env);
    const before = await scrape();
    await env.gql(`query MemberCount { members(first: 1) { totalCount } }`, {}, staff);
    await env.gql(`query MemberCount { members(first: 1) { totalCount } }`, {}, staff);
    await env.gql(`{ __typename }`, {}, staff);
    const other = await registerMember(env);
    await env.gql(
      `query OtherMember($id: ID!) { member(id: $id) { id email } }`,
      { id: other.id },
      await env.memberToken(member.id),
    );
    await env.gql(`query Broken { nope }`, {}, staff);
    const after = await scrape();

    const count = (text: string, labels: Record<string, string>) =>
      sample(text, 'loyalty_graphql_request_duration_seconds_count', labels);
    const grew = (labels: Record<string, string>) => count(after, labels) - count(before, labels);
    expect(grew({ operation: 'MemberCount', kind: 'query', outcome: 'OK' })).toBe(2);
    expect(grew({ operation: 'anonymous', kind: 'query', outcome: 'OK' })).toBe(1);
    expect(grew({ operation: 'OtherMember', kind: 'query', outcome: 'FORBIDDEN' })).toBe(1);
    expect(grew({ operation: 'unresolved', outcome: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);

    const statements = (text: string, suffix: string) =>
      sample(text, `loyalty_graphql_sql_statements_${suffix}`, { operation: 'MemberCount', kind: 'query' });
    expect(statements(after, 'count') - statements(before, 'count')).toBe(2);
    expect(statements(after, 'sum') - statements(before, 'sum')).toBeGreaterThan(0);

    const httpCount = (text: string) =>
      sample(text, 'loyalty_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/graphql',
        status_code: '200',
      });
    expect(httpCount(after) - httpCount(before)).toBeGreaterThanOrEqual(4);

    // Labels name operations and outcomes, never who asked or what they sent.
    const values = labelValues(after);
    for (const person of [member, other]) {
      expect(after).not.toContain(person.email!);
      expect(values).not.toContain(person.id);
    }
    expect(values.some((value) => value.includes('@') || value.includes('{'))).toBe(false);
  });

  it('bounds operation names chosen by clients: odd or too many names are counted as "other"', async () => {
    const before = await scrape();
    await env.gql(`query ${'Long'.repeat(20)} { __typename }`, {}, staff);
    for (let i = 0; i < 210; i += 1) await env.gql(`query Flood${i} { __typename }`, {}, staff);
    const after = await scrape();

    expect(after).not.toContain('LongLong');
    expect(after).toContain('operation="Flood0"');
    expect(after).not.toContain('operation="Flood209"');
    const other = (text: string) =>
      sample(text, 'loyalty_graphql_request_duration_seconds_count', { operation: 'other' });
    expect(other(after) - other(before)).toBeGreaterThanOrEqual(11);
  });

  it('counts inbound webhook deliveries by plugin and status, and shows the queue depth', async () => {
    const before = await scrape();
    const body = customerJson({ customerId: '9100000000000000777', email: 'metrics.webhook@example.com' });
    const headers = shopifyHeaders({ body, secret: SHOPIFY_SECRET, topic: 'customers/create' });
    expect((await env.webhook('shopify', body, headers)).status).toBe(200);
    expect((await env.webhook('shopify', body, headers)).status).toBe(200);
    await env.drainDeliveries();
    const after = await scrape();

    const deliveries = (text: string, status: string) =>
      sample(text, 'loyalty_webhook_deliveries_total', { plugin: 'shopify', status });
    expect(deliveries(after, 'received') - deliveries(before, 'received')).toBe(1);
    expect(deliveries(after, 'duplicate') - deliveries(before, 'duplicate')).toBe(1);
    expect(deliveries(after, 'processed') - deliveries(before, 'processed')).toBe(1);
    expect(after).toMatch(/^# TYPE loyalty_webhook_queue_depth gauge$/m);
    expect(sample(after, 'loyalty_webhook_queue_depth', { plugin: 'shopify', status: 'pending' })).toBe(0);
    expect(after).not.toContain('metrics.webhook@example.com');
  });

  it('times plugins’ live fields by plugin, field and outcome, and counts their timeouts', async () => {
    const member = await registerMember(env);
    const before = await scrape();
    const response = await env.gql<{ member: Record<string, unknown> }>(
      `query LiveFields($id: ID!) { member(id: $id) { greedyGreeting greedySlowProfile } }`,
      { id: member.id },
      staff,
    );
    expect(response.data!.member.greedySlowProfile).toEqual({ unavailable: true });
    const after = await scrape();

    const grew = (name: string, labels: Record<string, string>) =>
      sample(after, name, labels) - sample(before, name, labels);
    const timed = 'loyalty_plugin_live_field_duration_seconds_count';
    expect(grew(timed, { plugin: 'greedy', field: 'greedyGreeting', outcome: 'ok' })).toBe(1);
    expect(grew(timed, { plugin: 'greedy', field: 'greedySlowProfile', outcome: 'timeout' })).toBe(1);
    const timeouts = 'loyalty_plugin_live_field_timeouts_total';
    expect(grew(timeouts, { plugin: 'greedy', field: 'greedySlowProfile' })).toBe(1);
    expect(grew(timeouts, { plugin: 'greedy', field: 'greedyGreeting' })).toBe(0);
  });

  it('reports subscribers, the events delivered to them and an outbox with no lag once published', async () => {
    const member = await registerMember(env);
    const before = await scrape();
    const client = env.wsClient({ authorization: `Bearer ${staff}` });
    const feed = collect(
      client,
      `subscription ($memberId: ID!) { memberActivity(memberId: $memberId) { ${ACTIVITY_FIELDS} } }`,
      { memberId: member.id },
    );
    // A subscription without a cursor starts at the published horizon: the event must come after it.
    while (env.app.live.subscriberCount() === 0) await sleep(20);
    await givePoints(env, member.id, 10);
    await feed.until((events) => events.length === 1);
    const during = await scrape();
    feed.stop();

    expect(sample(during, 'loyalty_subscriptions_open')).toBeGreaterThanOrEqual(1);
    expect(sample(during, 'loyalty_websocket_connections')).toBeGreaterThanOrEqual(1);
    const delivered = (text: string) => sample(text, 'loyalty_subscription_events_delivered_total');
    expect(delivered(during) - delivered(before)).toBe(1);
    expect(sample(during, 'loyalty_outbox_lag_events')).toBe(0);
    expect(sample(during, 'loyalty_outbox_oldest_unpublished_age_seconds')).toBe(0);
  });
});

describe('Prometheus /metrics on a separate port (METRICS_PORT)', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await createTestEnvironment({ env: { METRICS_PORT: '0' } });
  });
  afterAll(() => env.stop());

  const get = (url: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      http
        .get(url, (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        })
        .on('error', reject);
    });

  it('serves the metrics on their own port and not on the main one', async () => {
    const url = env.app.server.metricsUrl!.replace('localhost', '127.0.0.1');
    expect(url).toMatch(/\/metrics$/);
    const scraped = await get(url);
    expect(scraped.status).toBe(200);
    expect(scraped.body).toContain('# TYPE loyalty_graphql_request_duration_seconds histogram');

    expect((await get(url.replace(/\/metrics$/, '/graphql'))).status).toBe(404);
    expect((await env.http().get('/metrics')).status).toBe(404);
  });
});

describe('Prometheus /metrics when nothing is configured', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await createTestEnvironment();
  });
  afterAll(() => env.stop());

  it('is served nowhere', async () => {
    expect(env.app.server.metricsUrl).toBeUndefined();
    expect((await env.http().get('/metrics')).status).toBe(404);
  });
});
