/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import type { Page } from 'playwright-core';
import { launchBrowser, originOf, type TestBrowser } from '../harness/browser';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';
import { registerMember, type MemberView } from '../harness/members.fixtures';
import { givePoints } from '../harness/points.fixtures';
import { ACTIVITY_FIELDS, collect, sleep } from '../harness/activity.fixtures';

const FEED = `subscription { activityFeed { ${ACTIVITY_FIELDS} } }`;

/**
 * The console when the server ends its subscription (here RATE_LIMITED: one subscription per principal,
 * held by another client) while the socket stays open. Needs `npm run build` and /usr/bin/chromium.
 */
describe('Support console when the server ends its live subscription', () => {
  let env: TestEnvironment;
  let page: Page;
  let member: MemberView;
  let launched: TestBrowser;

  beforeAll(async () => {
    env = await createTestEnvironment({ env: { SUBSCRIPTIONS_PER_PRINCIPAL: '1' } });
    member = await registerMember(env, { firstName: 'Grace', lastName: 'Reconnect' });
    launched = await launchBrowser();
    page = launched.page;
  }, 60_000);
  afterAll(async () => {
    await launched?.close();
    await env?.stop();
  });

  it('shows it is reconnecting instead of live, then resumes from its last cursor without losing an event', async () => {
    const token = await env.staffToken();
    const holder = env.wsClient({ authorization: `Bearer ${token}` });
    const held = collect(holder, FEED, {});
    await sleep(200);

    await page.goto(`${originOf(env.app.server.url)}/console/`);
    await page.fill('#token', token);
    await page.click('button[type=submit]');
    await page.waitForSelector('#connection[data-state="reconnecting"]', { timeout: 15_000 });
    await givePoints(env, member.id, 41);

    held.stop();
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('#feed .event .summary')].some((s) => s.textContent?.includes('+41')),
      undefined,
      { timeout: 15_000 },
    );
    await page.waitForSelector('#connection[data-state="live"]', { timeout: 15_000 });
    await givePoints(env, member.id, 42);
    await page.waitForFunction(
      () => document.querySelector('#feed .event .summary')?.textContent?.includes('+42') ?? false,
      undefined,
      { timeout: 10_000 },
    );
    const summaries = await page.locator('#feed .event .summary').allTextContents();
    expect(summaries.filter((summary) => /\+4[12] points/.test(summary))).toHaveLength(2);
  });
});
