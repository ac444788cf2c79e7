/// <reference lib="dom" />
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser, originOf, type TestBrowser } from '../harness/browser';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';

/**
 * The development GraphQL IDE in a real browser with the network cut off: every request that does not
 * go to this server is aborted and recorded. Debian's Chromium, headless, driven by playwright-core (as
 * the console's test). Needs `npm run build` (the IDE's assets) and /usr/bin/chromium.
 */
describe('the GraphQL IDE in headless Chromium, offline', () => {
  let env: TestEnvironment;
  let browser: BrowserContext;
  let page: Page;
  let launched: TestBrowser;
  const elsewhere: string[] = [];
  const policyViolations: string[] = [];

  beforeAll(async () => {
    env = await createTestEnvironment({ env: { NODE_ENV: 'development', JOBS_ENABLED: 'false' } });
    launched = await launchBrowser({ viewport: { width: 1400, height: 900 } });
    browser = launched.context;
    const server = new URL(env.app.server.url);
    await browser.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.port === server.port && ['127.0.0.1', 'localhost'].includes(url.hostname))
        return route.continue();
      elsewhere.push(url.href);
      return route.abort('internetdisconnected');
    });
    page = launched.page;
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) policyViolations.push(message.text());
    });
  }, 60_000);
  afterAll(async () => {
    await launched?.close();
    await env?.stop();
  });

  const base = () => originOf(env.app.server.url);

  it('renders GraphiQL from this server alone and runs { __typename }', async () => {
    await page.goto(`${base()}/graphql`);
    await page.waitForSelector('.graphiql-container .graphiql-query-editor .CodeMirror', { timeout: 30_000 });
    expect(await page.locator('.graphiql-query-editor').textContent()).toContain('__typename');

    await page.click('.graphiql-execute-button');
    await page.waitForFunction(
      () => document.querySelector('.result-window')?.textContent?.includes('"Query"'),
      undefined,
      { timeout: 15_000 },
    );
    const result = (await page.locator('.result-window').textContent()) ?? '';
    expect(result.replace(/\s+/g, '')).toContain('"__typename":"Query"');
    expect(elsewhere).toEqual([]);
    expect(policyViolations).toEqual([]);
  }, 60_000);
});
