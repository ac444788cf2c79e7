/// <reference lib="dom" />
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, originOf, SCREENSHOTS, type TestBrowser } from '../harness/browser';
import { registerMember, type MemberView } from '../harness/members.fixtures';
import { givePoints } from '../harness/points.fixtures';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';

/**
 * Acting on a member from the console, each action confirmed, its result and its audit entry shown,
 * and the server agreeing: adjust points with a reason, cancel a redemption, link and unlink an
 * identity, merge a duplicate after a preview, close and reactivate; staff are not offered what only
 * admins may do. Also the one server change this needed: staff read their own audit entries only.
 */
describe('Support console: acting on a member, audited', () => {
  let env: TestEnvironment;
  let browser: TestBrowser;
  let page: Page;
  let ana: MemberView;
  let duplicate: MemberView;
  let redemptionId: string;
  let toteRewardId: string;

  const openMember = async (target: Page, email: string, id: string) => {
    await target.fill('#member-search-input', email);
    await target.click(`#member-search-results [data-member="${id}"]`);
    await target.waitForSelector(`#member-title:has-text("#${id}")`, { timeout: 10_000 });
  };
  const signIn = async (target: Page, role: 'staff' | 'admin') => {
    await target.goto(`${originOf(env.app.server.url)}/console/`);
    await target.click(`#demo-${role}`);
    await target.waitForSelector('#connection[data-state="live"]', { timeout: 15_000 });
  };
  const auditOf = async (targetId: string) => {
    const log = await env.gql<any>(
      `query ($id: String!) { auditLog(first: 20, filter: { targetId: $id }) { edges { node { action actorId after } } } }`,
      { id: targetId },
      await env.adminToken(),
    );
    return log.data.auditLog.edges.map((e: any) => e.node);
  };

  beforeAll(async () => {
    env = await createTestEnvironment();
    ana = await registerMember(env, {
      firstName: 'Ana',
      lastName: 'Actions',
      email: 'ana.actions@example.com',
    });
    duplicate = await registerMember(env, {
      firstName: 'Ana',
      lastName: 'Duplicate',
      email: 'ana.dup@example.com',
      channelIdentities: [{ channel: 'pos', externalId: 'CARD-0777' }],
    });
    await givePoints(env, ana.id, 500);
    for (const tier of [
      { code: 'BASIC', name: 'Basic', rank: 0, earnMultiplier: 1 },
      { code: 'GOLD', name: 'Gold', rank: 1, minimumSpendMinor: 100_000, earnMultiplier: 1.5 },
    ]) {
      const created = await env.gql(
        `mutation ($input: CreateTierInput!) { createTier(input: $input) { code } }`,
        { input: tier },
        await env.adminToken(),
      );
      expect(created.errors).toBeUndefined();
    }
    const reward = await env.gql<any>(
      `mutation ($input: CreateRewardInput!) { createReward(input: $input) { id } }`,
      {
        input: {
          code: 'CONSOLE-TOTE',
          name: 'Tote bag',
          type: 'COUPON',
          pointsPrice: 100,
          discountKind: 'PERCENT',
          discountValue: 10,
          couponValidityDays: 30,
        },
      },
      await env.adminToken(),
    );
    const redeemed = await env.gql<any>(
      `mutation ($r: ID!, $m: ID!) { redeemReward(rewardId: $r, memberId: $m, idempotencyKey: "console-tote") { id } }`,
      { r: reward.data.createReward.id, m: ana.id },
      await env.staffToken(),
    );
    redemptionId = redeemed.data.redeemReward.id;
    toteRewardId = reward.data.createReward.id;
    browser = await launchBrowser();
    page = browser.page;
    page.on('dialog', (dialog) => void dialog.accept());
    await signIn(page, 'staff');
    await openMember(page, 'ana.actions', ana.id);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await env?.stop();
  });

  it('adjusts points with a reason, then shows the result, the audit entry and the new ledger line', async () => {
    await page.click('#actions summary:has-text("Adjust points")');
    await page.fill('#adjust-points-amount', '50');
    await page.fill('#adjust-points-reason', 'Goodwill for a late parcel');
    await page.click('#adjust-points button[type=submit]');
    await page.waitForSelector('#action-audit', { timeout: 10_000 });
    expect(await page.textContent('#action-result')).toContain('+50 points; 450 available now');
    expect(await page.textContent('#action-audit')).toMatch(
      /points\.adjust on member \d+ by demo-staff \(staff\)/,
    );
    await page.waitForSelector('#ledger tbody tr:first-child:has-text("Goodwill for a late parcel")');
    expect(await page.textContent('#balance .balance')).toContain('450 available');
    expect(await auditOf(ana.id)).toContainEqual(
      expect.objectContaining({ action: 'points.adjust', actorId: 'demo-staff' }),
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'console-actions.png'), fullPage: true });
  });

  it('cancels a redemption and returns its points', async () => {
    await page.click('#rewards button.cancel-redemption');
    await page.waitForSelector('#action-result:has-text("CANCELLED, 100 points returned")', {
      timeout: 10_000,
    });
    expect(await page.textContent('#action-audit')).toContain('reward.redemption.cancel');
    await page.waitForSelector('#balance .balance:has-text("550 available")');
    expect((await auditOf(redemptionId))[0]).toMatchObject({ action: 'reward.redemption.cancel' });
  });

  it('re-issues a coupon with a reason, then voids the new code, each audited', async () => {
    const redeemed = await env.gql<any>(
      `mutation ($r: ID!, $m: ID!) { redeemReward(rewardId: $r, memberId: $m, idempotencyKey: "console-tote-2") {
        coupon { id code } } }`,
      { r: toteRewardId, m: ana.id },
      await env.staffToken(),
    );
    const old = redeemed.data.redeemReward.coupon as { id: string; code: string };
    // A coupon's own row (its code in the first cell): the other end of a re-issue names it too.
    const row = (code: string) => `#rewards tr:has(td:first-child code:text-is("${code}"))`;
    // A page of its own, opened after the redemption, so the coupons list holds the new coupon.
    const agent = await browser.context.newPage();
    agent.on('dialog', (dialog) => void dialog.accept());
    await signIn(agent, 'staff');
    await openMember(agent, 'ana.actions', ana.id);
    await agent.waitForSelector(`${row(old.code)} button.reissue-coupon`, {
      timeout: 10_000,
    });
    expect(await agent.isDisabled(`${row(old.code)} button.reissue-coupon`)).toBe(true);
    await agent.fill('#coupon-reason', 'Member deleted the e-mail');
    await agent.click(`${row(old.code)} button.reissue-coupon`);
    await agent.waitForSelector('#action-result:has-text("Re-issued as")', { timeout: 10_000 });
    expect(await agent.textContent('#action-audit')).toContain(`coupon.reissue on coupon ${old.id}`);
    const fresh = /Re-issued as (\w+)/.exec((await agent.textContent('#action-result'))!)![1];
    await agent.waitForSelector(`${row(old.code)}:has-text("VOID")`, { timeout: 10_000 });
    expect((await auditOf(old.id))[0]).toMatchObject({ action: 'coupon.reissue', actorId: 'demo-staff' });
    expect(await agent.textContent(row(old.code))).toContain(`replaced by ${fresh}`);
    expect(await agent.textContent(row(fresh))).toContain(`replaces ${old.code}`);

    await agent.fill('#coupon-reason', 'Sent twice by mistake');
    await agent.click(`${row(fresh)} button.void-coupon`);
    await agent.waitForSelector(`#action-result:has-text("Coupon ${fresh}: VOID")`, { timeout: 10_000 });
    expect(await agent.textContent('#action-audit')).toContain('coupon.void on coupon');
    await agent.waitForSelector(`${row(fresh)}:has-text("VOID")`, { timeout: 10_000 });
    expect(await agent.locator(`${row(fresh)} .coupon-actions button`).count()).toBe(0);
    await agent.close();
  });

  it('assigns a tier with a reason and releases the assignment', async () => {
    await page.click('#actions summary:has-text("Tier")');
    await page.selectOption('#assign-tier-code', 'GOLD');
    await page.fill('#assign-tier-reason', 'Compensation for the lost parcel');
    await page.click('#assign-tier button[type=submit]');
    await page.waitForSelector('#tier:has-text("Gold (assigned: Compensation for the lost parcel)")', {
      timeout: 10_000,
    });
    expect(await page.textContent('#action-audit')).toContain('tier.assign');
    await page.click('#release-tier');
    await page.waitForSelector('#action-audit:has-text("tier.release")', { timeout: 10_000 });
    // The audit entry shows before the member view has reloaded: wait for the tier line to change.
    await page.waitForSelector('#tier:not(:has-text("(assigned"))', { timeout: 10_000 });
    expect(await page.textContent('#tier')).not.toContain('(assigned');
    await page.click('#actions summary:has-text("Tier")');
  });

  it('links and unlinks a channel identity', async () => {
    await page.click('#actions summary:has-text("Identities")');
    await page.fill('#link-identity-channel', 'shopify');
    await page.fill('#link-identity-external', '900100');
    await page.click('#link-identity button[type=submit]');
    await page.waitForSelector('#profile [data-identity="shopify:900100"]', { timeout: 10_000 });
    expect(await page.textContent('#action-audit')).toContain('member.identity.link');
    await page.click('#actions button:has-text("Unlink shopify:900100")');
    await page.waitForSelector('#profile [data-identity="shopify:900100"]', { state: 'detached' });
    expect(await page.textContent('#action-audit')).toContain('member.identity.unlink');
  });

  it('previews what a merge would move, then merges the duplicate', async () => {
    await page.click('#actions summary:has-text("Merge")');
    await page.fill('#merge-other', duplicate.id);
    await page.click('#merge-preview button[type=submit]');
    await page.waitForSelector('#merge-preview-result');
    expect(await page.textContent('#merge-preview-result')).toContain('1 identities (pos:CARD-0777)');
    await page.click('#merge-confirm');
    await page.waitForSelector(`#action-result:has-text("#${duplicate.id} merged into #${ana.id}")`, {
      timeout: 10_000,
    });
    expect(await page.textContent('#action-audit')).toContain('member.merge');
    await page.waitForSelector('#profile [data-identity="pos:CARD-0777"]');
  });

  it('closes the membership with a reason and reactivates it', async () => {
    await page.click('#actions summary:has-text("Membership")');
    await page.selectOption('#close-reason', 'MOVED_AWAY');
    await page.fill('#close-comment', 'Moving to Lisbon');
    await page.click('#close-membership button[type=submit]');
    await page.waitForSelector('#member-title:has-text("CLOSED")', { timeout: 10_000 });
    expect(await page.textContent('#status')).toContain('MOVED_AWAY: Moving to Lisbon');
    expect(await page.textContent('#action-audit')).toMatch(/member\.\w+/);
    await page.click('#reactivate');
    await page.waitForSelector('#member-title:has-text("ACTIVE")', { timeout: 10_000 });
    expect(await page.textContent('#status')).toContain('Reactivated');
  });

  it('offers staff no admin-only action, and shows admins the erase action and the audit trail', async () => {
    expect(await page.locator('#erase-member').count()).toBe(0);
    expect(await page.locator('#audit-trail').count()).toBe(0);
    const admin = await browser.context.newPage();
    await signIn(admin, 'admin');
    await openMember(admin, 'ana.actions', ana.id);
    await admin.click('#actions summary:has-text("Membership")');
    expect(await admin.isVisible('#erase-member')).toBe(true);
    await admin.waitForSelector('#audit-trail tbody tr:has-text("points.adjust")');
    expect(await admin.textContent('#audit-trail')).toContain('demo-staff (staff)');
    await admin.close();
  });

  it('lets staff read their own audit entries and nobody else’s', async () => {
    const staff = await env.token('staff', 'kim');
    const own = await env.gql<any>(
      `{ auditLog(first: 5, filter: { actorId: "kim" }) { edges { node { id } } } }`,
      {},
      staff,
    );
    expect(own.errors).toBeUndefined();
    const others = await env.gql(
      `{ auditLog(first: 5, filter: { actorId: "demo-staff" }) { edges { node { id } } } }`,
      {},
      staff,
    );
    expect(others.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const everything = await env.gql(`{ auditLog(first: 5) { edges { node { id } } } }`, {}, staff);
    expect(everything.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
