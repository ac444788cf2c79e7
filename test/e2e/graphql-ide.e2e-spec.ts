import { randomBytes } from 'node:crypto';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';

/** What a browser sends when the address bar says /graphql. */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/**
 * The GraphQL IDE works offline: in development GET /graphql from a browser answers a bundled GraphiQL
 * whose every asset comes from this server (Apollo's landing page pulled Sandbox from a CDN). Production
 * serves no IDE. Needs `npm run build` (the IDE's assets in dist/graphiql).
 */
describe('the GraphQL IDE in development', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await createTestEnvironment({ env: { NODE_ENV: 'development', JOBS_ENABLED: 'false' } });
  });
  afterAll(() => env.stop());

  async function idePage() {
    const response = await env.http().get('/graphql').set('accept', BROWSER_ACCEPT);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    return response;
  }

  it('answers a browser navigating to /graphql with GraphiQL naming only assets of this server', async () => {
    const html = (await idePage()).text;
    expect(html).toContain('<div id="graphiql">');
    expect(html).not.toMatch(/(https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}/i);
    expect(html).not.toMatch(/cdn|unpkg|jsdelivr|apollographql/i);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    expect(assets.some((asset) => asset.endsWith('.js'))).toBe(true);
    expect(assets.some((asset) => asset.endsWith('.css'))).toBe(true);
    for (const asset of assets) expect(asset).toMatch(/^\/graphql\/ide\/assets\/[\w.-]+$/);
  });

  it('serves each asset of the page from this server, loading nothing from elsewhere', async () => {
    const html = (await idePage()).text;
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    for (const asset of assets) {
      const response = await env.http().get(asset);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(asset.endsWith('.css') ? /text\/css/ : /javascript/);
      const body = response.text;
      // Fonts and icons are inlined as data: URLs; an @import or url() to another host would need the network.
      expect(body).not.toMatch(/url\(\s*["']?(https?:)?\/\//);
      expect(body).not.toMatch(/@import\s+["']?(url\()?\s*["']?https?:/);
    }
  });

  it('gives the page a policy that loads scripts, styles and connections from its own origin only', async () => {
    const policy = (await idePage()).headers['content-security-policy'] as string;
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("style-src 'self'");
    expect(policy).toContain("connect-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  });

  it('keeps answering GraphQL clients with JSON on the same path', async () => {
    const post = await env.http().post('/graphql').send({ query: '{ __typename }' });
    expect(post.body).toEqual({ data: { __typename: 'Query' } });
    const get = await env
      .http()
      .get('/graphql')
      .query({ query: '{ __typename }' })
      .set('accept', 'application/json')
      .set('apollo-require-preflight', 'true');
    expect(get.body).toEqual({ data: { __typename: 'Query' } });
  });

  it('answers a missing IDE asset with 404', async () => {
    const response = await env.http().get('/graphql/ide/assets/missing.js');
    expect(response.status).toBe(404);
  });
});

describe('the GraphQL IDE in production', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    // Production refuses the harness's well-known secret: this environment gets its own.
    env = await createTestEnvironment({
      env: { NODE_ENV: 'production', JWT_SECRET: randomBytes(48).toString('base64') },
    });
  });
  afterAll(() => env.stop());

  it('answers a browser navigating to /graphql with no IDE and no landing page', async () => {
    const response = await env.http().get('/graphql').set('accept', BROWSER_ACCEPT);
    expect(response.headers['content-type'] ?? '').not.toMatch(/text\/html/);
    expect(response.text).not.toMatch(/<html|graphiql|sandbox/i);
    expect((await env.http().get('/graphql/ide/assets/index.js')).headers['content-type'] ?? '').not.toMatch(
      /javascript/,
    );
  });
});
