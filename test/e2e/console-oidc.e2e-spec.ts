/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { launchBrowser, originOf, type TestBrowser } from '../harness/browser';
import { startOidcProviderStub, type OidcProviderStub } from '../harness/oidc-provider-stub';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';

/**
 * Single sign-on in the console, against a tiny OpenID provider on loopback that the API trusts
 * (JWKS_URL, JWT_ISSUER, JWT_AUDIENCE): authorization code with PKCE S256, the code exchanged by the
 * browser, the API accepting the provider's token, and a refresh grant before the token expires with
 * the console going on with the new token. Needs `npm run build`.
 */
describe('Support console: OIDC sign-in with PKCE and token refresh', () => {
  let provider: OidcProviderStub;
  let env: TestEnvironment;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    provider = await startOidcProviderStub({
      clientId: 'support-console',
      audience: 'loyalty-api',
      user: { subject: 'agent-sso', role: 'staff' },
      tokenSeconds: 6,
    });
    env = await createTestEnvironment({
      env: {
        JWKS_URL: `${provider.issuer}/jwks`,
        JWT_ISSUER: provider.issuer,
        JWT_AUDIENCE: 'loyalty-api',
        CONSOLE_OIDC_CLIENT_ID: 'support-console',
      },
    });
    const admin = await provider.accessToken('admin-sso', 'admin', 300);
    const member = await env.gql<any>(
      `mutation { registerMember(input: { firstName: "Sso", lastName: "Findable", email: "sso.findable@example.com", joinChannel: "online-store" }) { id } }`,
      {},
      admin,
    );
    expect(member.errors).toBeUndefined();
    browser = await launchBrowser();
    page = browser.page;
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await env?.stop();
    await provider?.close();
  });

  it('lets the console reach the identity provider and nothing else (CSP connect-src)', async () => {
    const response = await env.http().get('/console/');
    expect(response.headers['content-security-policy']).toContain(`connect-src 'self' ${provider.issuer}`);
  });

  it('signs in through the provider with an S256 code challenge and a verified code exchange', async () => {
    await page.goto(`${originOf(env.app.server.url)}/console/`);
    await page.click('#oidc-sign-in');
    await page.waitForSelector('#connection[data-state="live"]', { timeout: 15_000 });
    const authorization = provider.authorizations[0];
    expect(authorization.get('code_challenge_method')).toBe('S256');
    expect(authorization.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorization.get('redirect_uri')).toBe(`${originOf(env.app.server.url)}/console/`);
    expect(provider.grants.map((grant) => grant.grantType)).toEqual(['authorization_code']);
    expect(new URL(page.url()).search).toBe('');
  });

  it('refreshes the token before it expires and goes on working with the new one', async () => {
    await page.waitForSelector('#session:has-text("Session renewed")', { timeout: 15_000 });
    expect(provider.grants[1].grantType).toBe('refresh_token');
    const stored = await page.evaluate(() => sessionStorage.getItem('loyalty-console-token'));
    expect(stored).toBe(provider.grants.at(-1)!.accessToken);
    await page.fill('#member-search-input', 'sso.findable');
    await page.waitForSelector('#member-search-results [data-member]', { timeout: 10_000 });
    expect(await page.textContent('#member-search-results')).toContain('Sso Findable');
  });
});
