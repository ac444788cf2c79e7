/// <reference lib="dom" />
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser, originOf, SCREENSHOTS, type TestBrowser } from '../harness/browser';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';
import { registerMember, type MemberView } from '../harness/members.fixtures';
import { givePoints } from '../harness/points.fixtures';

/**
 * The support console in a real browser: Debian's Chromium, headless, driven by playwright-core
 * (no browser download). Needs `npm run build` (the console's assets) and /usr/bin/chromium.
 */
describe('Support console in headless Chromium', () => {
  let env: TestEnvironment;
  let browser: BrowserContext;
  let page: Page;
  let member: MemberView;
  let launched: TestBrowser;

  beforeAll(async () => {
    env = await createTestEnvironment();
    member = await registerMember(env, { firstName: 'Ada', lastName: 'Console' });
    await givePoints(env, member.id, 120);
    launched = await launchBrowser();
    browser = launched.context;
    page = launched.page;
  }, 60_000);
  afterAll(async () => {
    await launched?.close();
    await env?.stop();
  });

  const base = () => originOf(env.app.server.url);

  it('signs staff in with a pasted token and shows the recent activity', async () => {
    await page.goto(`${base()}/console/`);
    await page.fill('#token', await env.staffToken());
    await page.click('button[type=submit]');
    await page.waitForSelector('#connection[data-state="live"]', { timeout: 15_000 });
    const types = await page.locator('#feed .event .type').allTextContents();
    expect(types).toEqual(expect.arrayContaining(['points.adjusted', 'member.registered']));
  });

  it('shows an event live after a mutation, without reloading', async () => {
    const before = await page.locator('#feed .event').count();
    await givePoints(env, member.id, 33);
    await page.waitForFunction((count) => document.querySelectorAll('#feed .event').length > count, before, {
      timeout: 10_000,
    });
    const newest = page.locator('#feed .event').first();
    expect(await newest.locator('.type').textContent()).toBe('points.adjusted');
    expect(await newest.locator('.summary').textContent()).toContain('+33 points');
  });

  it('opens a member’s full picture from the feed and saves a screenshot', async () => {
    await page.locator(`#feed .member-link[data-member="${member.id}"]`).first().click();
    await page.waitForSelector('#member-title', { timeout: 10_000 });
    expect(await page.textContent('#member-title')).toContain('Ada Console');
    expect(await page.textContent('#balance .balance')).toContain('153 available');
    expect(await page.textContent('#ledger')).toContain('ADJUST');
    expect(await page.textContent('#insight')).toContain('Not computed yet');
    expect(await page.textContent('#tier')).not.toContain('{');
    const file = path.join(SCREENSHOTS, 'console-member.png');
    await page.screenshot({ path: file, fullPage: true });
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);
  });

  it('pauses the feed without losing events and shows them in order on resume', async () => {
    const before = await page.locator('#feed .event').count();
    await page.click('#feed-pause');
    expect(await page.getAttribute('#feed-pause', 'aria-pressed')).toBe('true');
    for (const points of [1, 2, 3]) await givePoints(env, member.id, points);
    await page.waitForSelector('#feed-buffered:has-text("3 new events waiting")', { timeout: 10_000 });
    expect(await page.locator('#feed .event').count()).toBe(before);
    expect(await page.textContent('#connection')).toBe('live');
    await page.click('#feed-pause');
    expect(await page.locator('#feed .event').count()).toBe(before + 3);
    const newest = await page.locator('#feed .event .summary').allTextContents();
    expect(newest.slice(0, 3).map((text) => text.match(/\+(\d+) points/)?.[1])).toEqual(['3', '2', '1']);
    expect(await page.textContent('#feed-buffered')).toBe('');
  });

  it('keeps the feed filters across a reload and resumes live with them', async () => {
    await page.fill('#filters input[name=types]', 'points.adjusted');
    await page.click('#filters button[type=submit]');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('#feed .event .type')].every((t) => t.textContent === 'points.adjusted'),
    );
    await page.reload();
    await page.waitForSelector('#connection[data-state="live"]', { timeout: 15_000 });
    expect(await page.inputValue('#filters input[name=types]')).toBe('points.adjusted');
    await registerMember(env, { firstName: 'Filtered', lastName: 'Out' });
    await givePoints(env, member.id, 44);
    await page.waitForSelector('#feed .event .summary:has-text("+44 points")', { timeout: 10_000 });
    expect(new Set(await page.locator('#feed .event .type').allTextContents())).toEqual(
      new Set(['points.adjusted']),
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'console-feed.png') });
  });

  it('refuses a bad token and stays on the sign-in form', async () => {
    const other = await browser.newPage();
    await other.goto(`${base()}/console/`);
    await other.fill('#token', 'not-a-token');
    await other.click('button[type=submit]');
    await other.waitForSelector('#sign-in-error:not(:empty)');
    expect(await other.textContent('#sign-in-error')).toContain('invalid');
    expect(await other.isVisible('#workspace')).toBe(false);
    await other.close();
  });
});
