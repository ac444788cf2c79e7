import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SHOPIFY_SECRET, customerJson } from '../../plugins/shopify/test/shopify.samples';
import { issueToken } from '../../src/auth/token-issuer';
import { shopifyHeaders } from '../../src/plugin-system/testing/plugin-test-kit';
import { startServerProcess, type ServerProcess } from '../harness/server-process';
import { createTestDatabase, type TestDatabase } from '../harness/test-database';
import { TEST_JWT_SECRET } from '../harness/test-environment';

interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: Record<string, unknown> }[];
}

/**
 * An OTLP/HTTP (JSON) collector in the test process: what an operator's collector would receive from
 * the server started with the standard variables (OTEL_TRACES_EXPORTER=otlp, OTEL_EXPORTER_OTLP_*).
 */
async function startCollector() {
  const spans: ExportedSpan[] = [];
  const raw: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        raw.push(body);
        const parsed = JSON.parse(body) as {
          resourceSpans?: { scopeSpans?: { spans?: ExportedSpan[] }[] }[];
        };
        for (const resource of parsed.resourceSpans ?? [])
          for (const scope of resource.scopeSpans ?? []) spans.push(...(scope.spans ?? []));
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    raw,
    /** The spans of one trace, once `ready` holds for them (the exporter sends in batches). */
    async trace(traceId: string, ready: (spans: ExportedSpan[]) => boolean): Promise<ExportedSpan[]> {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const found = spans.filter((span) => span.traceId === traceId);
        if (ready(found) || Date.now() > deadline) return found;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const attribute = (span: ExportedSpan, key: string) => span.attributes.find((a) => a.key === key)?.value;
const isSql = (span: ExportedSpan) => span.attributes.some((a) => /^db\.system/.test(a.key));
const newTrace = () => {
  const traceId = randomBytes(16).toString('hex');
  return { traceId, traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` };
};

/**
 * OpenTelemetry tracing, switched on by the standard OTEL_* variables, on the built server as its own
 * process (instrumentation patches modules as Node loads them, which Jest's module system bypasses).
 */
describe('OpenTelemetry tracing (OTEL_TRACES_EXPORTER=otlp)', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let admin: string;

  const post = (path: string, body: string, headers: Record<string, string>) =>
    fetch(server.url.replace(/\/graphql$/, path), { method: 'POST', headers, body });
  const gql = async (query: string, variables: Record<string, unknown> = {}, traceparent?: string) => {
    const response = await post('/graphql', JSON.stringify({ query, variables }), {
      'content-type': 'application/json',
      authorization: `Bearer ${admin}`,
      ...(traceparent ? { traceparent } : {}),
    });
    const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data!;
  };

  beforeAll(async () => {
    collector = await startCollector();
    database = await createTestDatabase();
    server = await startServerProcess({
      DATABASE_URL: database.url,
      JWT_SECRET: TEST_JWT_SECRET,
      SEED_DEMO_DATA: 'false',
      PLUGINS: 'shopify',
      PLUGIN_SECRETS_KEY: randomBytes(32).toString('hex'),
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_SERVICE_NAME: 'loyalty-tracing-test',
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
    admin = await issueToken(TEST_JWT_SECRET, { role: 'admin', subject: 'admin-1', expiresIn: '1h' });
    await gql(`mutation { installPlugin(name: "shopify") { name } }`);
    await gql(`mutation ($o: JSONObject!) { configurePlugin(name: "shopify", options: $o) { name } }`, {
      o: { clientSecret: SHOPIFY_SECRET, currency: 'EUR' },
    });
    await gql(`mutation { enablePlugin(name: "shopify") { name } }`);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
    await collector?.close();
  });

  it('traces a GraphQL request: the HTTP server span, the GraphQL operation and its SQL', async () => {
    const { traceId, traceparent } = newTrace();
    await gql(`query TracedMembers { members(first: 1) { totalCount } }`, {}, traceparent);

    const spans = await collector.trace(traceId, (found) => found.some(isSql) && found.length >= 3);
    const serverSpan = spans.find((span) => span.kind === 2 && /POST/.test(span.name));
    expect(serverSpan).toBeDefined();
    expect(spans.some((span) => /TracedMembers|graphql/.test(span.name))).toBe(true);
    const sql = spans.filter(isSql);
    expect(sql.length).toBeGreaterThan(0);
    expect(
      sql.some((span) =>
        /SELECT/i.test(
          String(Object.values(attribute(span, 'db.query.text') ?? attribute(span, 'db.statement') ?? {})[0]),
        ),
      ),
    ).toBe(true);
    const resource = collector.raw.find((body) => body.includes(traceId))!;
    expect(resource).toContain('loyalty-tracing-test');
  });

  it('continues the accepting request’s trace in the webhook worker’s background processing', async () => {
    const { traceId, traceparent } = newTrace();
    const body = customerJson({ customerId: '9100000000000000555', email: 'traced.webhook@example.com' });
    const headers = shopifyHeaders({ body, secret: SHOPIFY_SECRET, topic: 'customers/create' });
    const accepted = await post('/webhooks/shopify', body, { ...headers, traceparent });
    expect(accepted.status).toBe(200);

    const spans = await collector.trace(traceId, (found) =>
      found.some(
        (span) =>
          span.name === 'webhook.process shopify' &&
          found.some((s) => s.parentSpanId === span.spanId && isSql(s)),
      ),
    );
    const worker = spans.find((span) => span.name === 'webhook.process shopify');
    expect(worker).toBeDefined();
    expect(worker!.kind).toBe(5); // CONSUMER
    const accepting = spans.find((span) => span.kind === 2);
    expect(accepting).toBeDefined();
    expect(worker!.traceId).toBe(accepting!.traceId);
    expect(spans.some((span) => span.parentSpanId === worker!.spanId && isSql(span))).toBe(true);
    expect(collector.raw.join('\n')).not.toContain('traced.webhook@example.com');
  });

  it('records no statement outside a request or a delivery (the background pollers run every second)', async () => {
    const { traceId, traceparent } = newTrace();
    await gql(`query Marker { __typename }`, {}, traceparent);
    await collector.trace(traceId, (found) => found.length > 0);
    expect(collector.spans.length).toBeGreaterThan(0);
    expect(collector.spans.filter((span) => isSql(span) && !span.parentSpanId)).toEqual([]);
  });

  it('keeps GraphQL variables and literals out of the spans', async () => {
    const { traceId, traceparent } = newTrace();
    const email = 'traced.private@example.com';
    const query = `query FindByEmail($email: String) { members(first: 1, filter: { email: $email }) { totalCount } }`;
    const url = new URL(server.url);
    url.searchParams.set('query', query);
    url.searchParams.set('variables', JSON.stringify({ email }));
    await fetch(url, {
      headers: { authorization: `Bearer ${admin}`, 'apollo-require-preflight': 'true', traceparent },
    });
    await gql(
      `query Literal { members(first: 1, filter: { email: "${email}" }) { totalCount } }`,
      {},
      traceparent,
    );

    const spans = await collector.trace(
      traceId,
      (found) => found.filter((span) => span.kind === 2).length >= 2,
    );
    expect(spans.filter((span) => span.kind === 2)).toHaveLength(2);
    expect(spans.some(isSql)).toBe(true);
    expect(collector.raw.join('\n')).not.toContain(email);
    expect(collector.raw.join('\n')).not.toContain(encodeURIComponent(email));
  });
});
