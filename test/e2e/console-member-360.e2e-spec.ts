/// <reference lib="dom" />
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, originOf, SCREENSHOTS, type TestBrowser } from '../harness/browser';
import { registerMember, type MemberView } from '../harness/members.fixtures';
import { orderInput, recordOrder, refundOrder, upsertProducts } from '../harness/orders.fixtures';
import { givePoints } from '../harness/points.fixtures';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';

/**
 * The member 360 in Debian's headless Chromium, as a German-speaking agent in Berlin reads it: every
 * card (consent, status history, tier, balance, paged and filterable ledger, orders with refunds,
 * redemptions and coupons, feedback with scores, recommendations, insight), money and dates in the
 * viewer's locale and time zone, and the member's live activity updating the view. Needs `npm run build`.
 */
describe('Support console: the member 360', () => {
  let env: TestEnvironment;
  let browser: TestBrowser;
  let page: Page;
  let mia: MemberView;

  const rows = (card: string) => page.locator(`${card} tbody tr`);

  beforeAll(async () => {
    env = await createTestEnvironment();
    mia = await registerMember(env, {
      firstName: 'Mia',
      lastName: 'Dreisechzig',
      email: 'mia.360@example.com',
      channelIdentities: [{ channel: 'shopify', externalId: '360360' }],
    });
    for (let i = 0; i < 23; i++) await givePoints(env, mia.id, 10 + i);
    await upsertProducts(env, [{ sku: 'SKU-360', category: 'tea', priceMinor: 1_234 }]);
    const order = await recordOrder(env, orderInput(mia.id, [['SKU-360', 2, 1_234]]));
    expect(order.errors).toBeUndefined();
    const refund = await refundOrder(env, {
      orderId: order.data!.recordOrder.id,
      refundId: 'R-360',
      lines: [{ lineNo: 1, quantity: 1 }],
    });
    expect(refund.errors).toBeUndefined();
    const survey = await env.gql<any>(
      `mutation { createSurvey(input: { code: "M360", title: "How did we do?", asksNps: true, asksSuggestion: true }) { id } }`,
      {},
      await env.adminToken(),
    );
    const answer = await env.gql<any>(
      `mutation ($input: SubmitFeedbackInput!) { submitFeedback(input: $input) { detractorAlert } }`,
      {
        input: { surveyId: survey.data.createSurvey.id, memberId: mia.id, nps: 9, suggestion: 'Lovely shop' },
      },
      await env.staffToken(),
    );
    expect(answer.errors).toBeUndefined();
    browser = await launchBrowser({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    page = browser.page;
    await page.goto(`${originOf(env.app.server.url)}/console/`);
    await page.click('#demo-staff');
    await page.waitForSelector('#connection[data-state="live"]', { timeout: 15_000 });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await env?.stop();
  });

  it('opens a member from the search box with every card of the 360', async () => {
    await page.fill('#member-search-input', 'shopify:360360');
    await page.click(`#member-search-results [data-member="${mia.id}"]`);
    await page.waitForSelector('#ledger tbody tr', { timeout: 10_000 });
    expect(await page.textContent('#member-title')).toContain('Mia Dreisechzig');
    expect(await page.textContent('#profile')).toContain('shopify:360360');
    expect(await page.textContent('#consent')).toMatch(/granted/);
    expect(await page.textContent('#preferences')).toMatch(/email (yes|no) · SMS/);
    expect(await page.textContent('#status')).toContain('Joined');
    expect(await page.textContent('#tier')).not.toContain('{');
    await page.waitForSelector('#feedback tbody tr');
    expect(await page.textContent('#feedback')).toContain('NPS 9');
    expect(await page.textContent('#feedback')).toContain('Lovely shop');
    await page.waitForSelector('#recommendations h3');
    expect(await page.textContent('#insight')).toContain('Not computed yet');
  });

  it('writes money in the viewer’s locale and dates in the viewer’s time zone', async () => {
    await page.waitForSelector('#orders tbody tr');
    const orders = await page.textContent('#orders');
    expect(orders).toMatch(/24,68\s€/);
    expect(orders).toMatch(/REFUND 12,34\s€/);
    expect(orders).toMatch(/MEZ|GMT\+1|CET/);
  });

  it('pages the ledger with "load more" instead of stopping at 20 entries', async () => {
    expect(await rows('#ledger').count()).toBe(20);
    await page.click('#ledger .load-more');
    await page.waitForFunction(() => document.querySelectorAll('#ledger tbody tr').length > 20);
    expect(await rows('#ledger').count()).toBe(23);
    expect(await page.locator('#ledger .load-more').count()).toBe(0);
  });

  it('filters the ledger by entry type', async () => {
    await page.check('#ledger input[value="REVERSE"]');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('#ledger tbody tr td:nth-child(2)')].every(
        (cell) => cell.textContent === 'REVERSE',
      ),
    );
    const types = await page.locator('#ledger tbody tr td:nth-child(2)').allTextContents();
    expect(new Set(types)).toEqual(new Set(types.length ? ['REVERSE'] : []));
    await page.uncheck('#ledger input[value="REVERSE"]');
    await page.check('#ledger input[value="ADJUST"]');
    await page.waitForFunction(() => document.querySelectorAll('#ledger tbody tr').length === 20);
    expect(new Set(await page.locator('#ledger tbody tr td:nth-child(2)').allTextContents())).toEqual(
      new Set(['ADJUST']),
    );
    await page.uncheck('#ledger input[value="ADJUST"]');
  });

  it('shows the member’s live activity and refreshes the balance as it happens', async () => {
    const before = await page.textContent('#balance .balance');
    await givePoints(env, mia.id, 777);
    await page.locator('#member-live li[data-type="points.adjusted"]').waitFor({ timeout: 10_000 });
    await page.waitForFunction(
      (old) => document.querySelector('#balance .balance')?.textContent !== old,
      before,
      { timeout: 10_000 },
    );
    expect(await page.textContent('#member-live')).toContain('+777');
    expect(await page.textContent('#ledger tbody tr:first-child')).toContain('+777');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'console-member-360.png'), fullPage: true });
  });
});
