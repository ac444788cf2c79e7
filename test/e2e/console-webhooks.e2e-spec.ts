/// <reference lib="dom" />
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, originOf, SCREENSHOTS, type TestBrowser } from '../harness/browser';
import { registerMember } from '../harness/members.fixtures';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';

/**
 * The admin page for outbound webhook endpoints in headless Chromium: add an endpoint (its secret
 * shown once), see a delivery arrive in its log, pause with a reason and resume, rotate the secret,
 * delete; staff are not offered the page. Needs `npm run build`.
 */
describe('Support console: outbound webhooks admin page', () => {
  let env: TestEnvironment;
  let browser: TestBrowser;
  let page: Page;
  let partner: http.Server;
  let partnerUrl: string;
  const received: string[] = [];

  const signIn = async (target: Page, role: 'staff' | 'admin') => {
    await target.goto(`${originOf(env.app.server.url)}/console/`);
    await target.click(`#demo-${role}`);
    await target.waitForSelector('#connection[data-state="live"]', { timeout: 15_000 });
  };

  beforeAll(async () => {
    partner = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push(body);
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => partner.listen(0, '127.0.0.1', resolve));
    partnerUrl = `http://127.0.0.1:${(partner.address() as AddressInfo).port}/hooks`;
    env = await createTestEnvironment();
    browser = await launchBrowser();
    page = browser.page;
    page.on('dialog', (dialog) => void dialog.accept());
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await env?.stop();
    await new Promise((resolve) => partner?.close(resolve));
  });

  it('is not offered to staff', async () => {
    const staff = await browser.context.newPage();
    await signIn(staff, 'staff');
    expect(await staff.isVisible('#view-programme')).toBe(true);
    expect(await staff.isVisible('#view-webhooks')).toBe(false);
    await staff.close();
  });

  it('adds an endpoint, shows its secret once and its deliveries', async () => {
    await signIn(page, 'admin');
    await page.click('#view-webhooks');
    await page.fill('#webhook-url', partnerUrl);
    await page.fill('#webhook-types', 'member.registered');
    await page.fill('#webhook-description', 'CRM sync');
    await page.click('#webhook-create button[type=submit]');
    await page.waitForSelector('#webhook-message:has-text("shown this once: whsec_")', { timeout: 10_000 });
    const endpoint = page.locator('.endpoint', { hasText: partnerUrl });
    await endpoint.waitFor();
    expect(await endpoint.textContent()).toContain('Events: member.registered');

    await registerMember(env, { firstName: 'Hook', lastName: 'Target' });
    await endpoint.locator('button.deliveries').click();
    await page.waitForFunction(
      () => {
        document.querySelector<HTMLButtonElement>('#webhook-deliveries > button')?.click();
        return /member\.registered/.test(
          document.querySelector('#webhook-deliveries tbody')?.textContent ?? '',
        );
      },
      undefined,
      { timeout: 15_000, polling: 500 },
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'console-webhooks.png'), fullPage: true });
  });

  it('pauses with a reason, resumes, rotates the secret and deletes the endpoint', async () => {
    const endpoint = page.locator('.endpoint', { hasText: partnerUrl });
    await endpoint.locator('input.pause-reason').fill('Partner maintenance window');
    await endpoint.locator('form.pause button[type=submit]').click();
    await page.waitForSelector('.endpoint.paused:has-text("Partner maintenance window")');
    await endpoint.locator('button.resume').click();
    await page.waitForSelector(`.endpoint.active:has-text("${partnerUrl}")`);
    await endpoint.locator('button.rotate').click();
    await page.waitForSelector('#webhook-message:has-text("New signing secret")');
    await page.waitForSelector('.endpoint:has-text("previous secret valid until")');
    await endpoint.locator('button.delete').click();
    await page.waitForSelector('.endpoints .endpoint', { state: 'detached' });
    const left = await env.gql<any>('{ outboundWebhookEndpoints { id } }', {}, await env.adminToken());
    expect(left.data.outboundWebhookEndpoints).toEqual([]);
  });
});
