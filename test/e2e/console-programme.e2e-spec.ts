/// <reference lib="dom" />
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, originOf, SCREENSHOTS, type TestBrowser } from '../harness/browser';
import { registerMember } from '../harness/members.fixtures';
import { orderInput, recordOrder, upsertProducts } from '../harness/orders.fixtures';
import { givePoints } from '../harness/points.fixtures';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * The programme view for team leads in headless Chromium: the period's KPIs as tiles and uPlot charts
 * per day (members, orders, revenue, points, NPS) from programKpis and feedbackSummary, on a wide
 * screen and a 360 px phone, with no serious axe violation. Needs `npm run build`.
 */
describe('Support console: the programme view', () => {
  let env: TestEnvironment;
  let browser: TestBrowser;
  let page: Page;

  const isoDay = (date: Date) => date.toISOString().slice(0, 10);
  const showPeriod = async (target: Page) => {
    const today = env.clock.now();
    const start = new Date(today.getTime() - 6 * 86_400_000);
    await target.click('#view-programme');
    await target.fill('#programme-period input[name=from]', isoDay(start));
    await target.fill('#programme-period input[name=to]', isoDay(today));
    await target.click('#programme-period button[type=submit]');
    await target.waitForSelector('#chart-orders canvas', { timeout: 15_000 });
  };

  beforeAll(async () => {
    env = await createTestEnvironment({ now: '2026-03-12T10:00:00Z' });
    await upsertProducts(env, [{ sku: 'KPI-1', category: 'tea' }]);
    const survey = await env.gql<any>(
      `mutation { createSurvey(input: { code: "KPI-NPS", title: "Recommend us?", asksNps: true }) { id } }`,
      {},
      await env.adminToken(),
    );
    for (const [name, nps] of [
      ['Kim', 10],
      ['Lea', 9],
    ] as const) {
      const member = await registerMember(env, { firstName: name, lastName: 'Kpi' });
      const answer = await env.gql(
        `mutation ($input: SubmitFeedbackInput!) { submitFeedback(input: $input) { detractorAlert } }`,
        { input: { surveyId: survey.data.createSurvey.id, memberId: member.id, nps } },
        await env.staffToken(),
      );
      expect(answer.errors).toBeUndefined();
      expect((await recordOrder(env, orderInput(member.id, [['KPI-1', 1, 2_500]]))).errors).toBeUndefined();
      await givePoints(env, member.id, 40);
    }
    browser = await launchBrowser({ timezoneId: 'UTC' });
    page = browser.page;
    await page.goto(`${originOf(env.app.server.url)}/console/`);
    await page.click('#demo-staff');
    await page.waitForSelector('#connection[data-state="live"]', { timeout: 15_000 });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await env?.stop();
  });

  it('shows the period’s KPIs as tiles and draws a chart per KPI group', async () => {
    await showPeriod(page);
    const tiles = await page.textContent('#kpi-tiles');
    expect(tiles).toContain('Orders2');
    expect(tiles).toMatch(/Revenue€50\.00/);
    expect(tiles).toContain('New members2');
    expect(tiles).toContain('NPS100 (2 answers)');
    for (const chart of ['members', 'orders', 'revenue', 'points', 'nps']) {
      expect(await page.locator(`#chart-${chart} canvas`).count()).toBe(1);
    }
    expect(await page.locator('#chart-points .u-legend .u-series').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('Issued'), expect.stringContaining('Expired')]),
    );
    // The day the orders were placed carries them; the chart's own table says so too.
    await page.click('#chart-orders summary');
    const rows = page.locator('#chart-orders details tbody tr');
    expect(await rows.count()).toBe(7);
    expect(await rows.nth(6).locator('td').allTextContents()).toEqual(['Mar 12', '2']);
    expect(await rows.nth(5).locator('td').allTextContents()).toEqual(['Mar 11', '0']);
    const painted = await page.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('#chart-orders canvas')!;
      const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      return pixels.some((value, i) => i % 4 === 3 && value > 0);
    });
    expect(painted).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'console-kpi.png'), fullPage: true });
  });

  it('has no serious accessibility violation', async () => {
    await page.evaluate(AXE_SOURCE);
    const serious = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(): Promise<any> } }).axe;
      const result = await axe.run();
      return (result.violations as { id: string; impact: string }[])
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => v.id);
    });
    expect(serious).toEqual([]);
  });

  it('fits a 360 px phone without horizontal scrolling', async () => {
    const phone = await browser.context.newPage();
    await phone.setViewportSize({ width: 360, height: 740 });
    await phone.goto(`${originOf(env.app.server.url)}/console/`);
    await phone.click('#demo-staff');
    await phone.waitForSelector('#connection[data-state="live"]', { timeout: 15_000 });
    await showPeriod(phone);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await phone.screenshot({ path: path.join(SCREENSHOTS, 'console-kpi-phone.png'), fullPage: true });
    await phone.close();
  });
});
