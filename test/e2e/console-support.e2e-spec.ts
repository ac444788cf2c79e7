/// <reference lib="dom" />
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, originOf, SCREENSHOTS, type TestBrowser } from '../harness/browser';
import { registerMember, type MemberView } from '../harness/members.fixtures';
import { givePoints } from '../harness/points.fixtures';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * A support agent's day in the console, in Debian's headless Chromium: one-click demo sign-in, the
 * one search box (email, channel identity), the detractor queue (claim, note, resolve, live), a phone
 * layout without horizontal scroll, and axe-core with no serious violation. Needs `npm run build`.
 */
describe('Support console: search, detractor queue, layout and accessibility', () => {
  let env: TestEnvironment;
  let browser: TestBrowser;
  let page: Page;
  let grace: MemberView;
  let surveyId: string;

  const shot = (name: string, target: Page = page) =>
    target.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });

  async function detractorAnswer(memberId: string, suggestion: string) {
    const answer = await env.gql<any>(
      `mutation ($input: SubmitFeedbackInput!) { submitFeedback(input: $input) { detractorAlert } }`,
      { input: { surveyId, memberId, nps: 2, suggestion } },
      await env.staffToken(),
    );
    expect(answer.data?.submitFeedback.detractorAlert).toBe(true);
  }

  async function seriousViolations(target: Page): Promise<string[]> {
    await target.evaluate(AXE_SOURCE);
    return target.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(): Promise<any> } }).axe;
      const result = await axe.run();
      return (result.violations as { id: string; impact: string; nodes: { target: string[] }[] }[])
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
  }

  beforeAll(async () => {
    env = await createTestEnvironment();
    grace = await registerMember(env, {
      firstName: 'Grace',
      lastName: 'Searchable',
      email: 'grace.searchable@example.com',
      channelIdentities: [{ channel: 'shopify', externalId: '4455667' }],
    });
    await givePoints(env, grace.id, 250);
    const survey = await env.gql<any>(
      `mutation { createSurvey(input: { code: "CONSOLE-NPS", title: "Would you recommend us?", asksNps: true, asksSuggestion: true }) { id } }`,
      {},
      await env.adminToken(),
    );
    surveyId = survey.data.createSurvey.id;
    await detractorAnswer(grace.id, 'The parcel arrived broken');
    browser = await launchBrowser();
    page = browser.page;
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await env?.stop();
  });

  it('signs a demo staff member in with one click outside production', async () => {
    await page.goto(`${originOf(env.app.server.url)}/console/`);
    await page.waitForSelector('#demo-staff');
    await shot('console-sign-in');
    await page.click('#demo-staff');
    await page.waitForSelector('#connection[data-state="live"]', { timeout: 15_000 });
    expect(await page.isVisible('#workspace')).toBe(true);
  });

  it('finds a member by email as the agent types and opens them with the keyboard', async () => {
    await page.fill('#member-search-input', 'grace.search');
    await page.waitForSelector(`#member-search-results [data-member="${grace.id}"]`);
    await shot('console-search');
    await page.focus('#member-search-input');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#member-title', { timeout: 10_000 });
    expect(await page.textContent('#member-title')).toContain('Grace Searchable');
  });

  it('finds a member by a channel identity', async () => {
    await page.fill('#member-search-input', 'shopify:4455667');
    const hit = page.locator(`#member-search-results [data-member="${grace.id}"]`);
    await hit.waitFor();
    expect(await hit.textContent()).toContain('shopify:4455667');
    await page.keyboard.press('Escape');
  });

  it('shows a new detractor alert live, then claims, notes and resolves it, and the server agrees', async () => {
    const queue = page.locator('#detractor-queue');
    await queue.locator('.alert-card').first().waitFor();
    const other = await registerMember(env, { firstName: 'Dora', lastName: 'Detractor' });
    await detractorAnswer(other.id, 'Nobody answered my call');
    const card = queue.locator(`.alert-card:has([data-member="${other.id}"])`);
    await card.waitFor({ timeout: 10_000 });
    expect(await card.textContent()).toContain('Nobody answered my call');

    await card.locator('button.claim').click();
    await card.locator('.holder', { hasText: 'You are on it' }).waitFor();
    await card.locator('input.note').fill('Called back, she was happy to hear from us');
    await card.locator('button', { hasText: 'Add note' }).click();
    await card.locator('.notes', { hasText: 'Called back' }).waitFor();
    await shot('console-detractor-queue');

    page.once('dialog', (dialog) => void dialog.accept());
    await card.locator('input.resolution').fill('Sent a voucher for the delivery fee');
    await card.locator('button', { hasText: 'Resolve' }).click();
    await card.waitFor({ state: 'detached', timeout: 10_000 });

    const stored = await env.gql<any>(
      `query ($m: ID!) { detractorAlerts(filter: { memberId: $m }) { edges { node { status claimedBy resolution notes { body } } } } }`,
      { m: other.id },
      await env.adminToken(),
    );
    expect(stored.data.detractorAlerts.edges[0].node).toEqual({
      status: 'RESOLVED',
      claimedBy: 'demo-staff',
      resolution: 'Sent a voucher for the delivery fee',
      notes: [{ body: 'Called back, she was happy to hear from us' }],
    });
  });

  it('shows when another agent holds an alert instead of offering to claim it', async () => {
    const list = await env.gql<any>(
      `query ($m: ID!) { detractorAlerts(filter: { memberId: $m }) { edges { node { id } } } }`,
      { m: grace.id },
      await env.staffToken(),
    );
    const alertId = list.data.detractorAlerts.edges[0].node.id;
    await env.gql(
      `mutation ($id: ID!) { claimDetractorAlert(id: $id) { id } }`,
      { id: alertId },
      await env.token('staff', 'kim'),
    );
    const card = page.locator(`#detractor-queue .alert-card[data-alert="${alertId}"]`);
    await card.locator('.holder', { hasText: 'kim is on it' }).waitFor({ timeout: 10_000 });
    expect(await card.locator('button.claim').count()).toBe(0);
  });

  it('reports no serious or critical accessibility violation on the workspace', async () => {
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('fits a 360 px phone without horizontal scrolling', async () => {
    const phone = await browser.context.newPage();
    await phone.setViewportSize({ width: 360, height: 740 });
    await phone.goto(`${originOf(env.app.server.url)}/console/`);
    await phone.click('#demo-staff');
    await phone.waitForSelector('#connection[data-state="live"]', { timeout: 15_000 });
    await phone.fill('#member-search-input', 'grace.search');
    await phone.waitForSelector(`#member-search-results [data-member="${grace.id}"]`);
    await phone.click(`#member-search-results [data-member="${grace.id}"]`);
    await phone.waitForSelector('#member-title', { timeout: 10_000 });
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    await shot('console-phone', phone);
    expect(width).toBeLessThanOrEqual(360);
    await phone.close();
  });
});
