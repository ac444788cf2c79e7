import { SHOPIFY_SECRET, customerJson } from '../../plugins/shopify/test/shopify.samples';
import {
  createPluginTestEnvironment,
  shopifyHeaders,
  type PluginTestEnvironment,
} from '../../src/plugin-system/testing/plugin-test-kit';

const NOW = '2031-05-06T10:00:00.000Z';

/** Webhooks are limited per plugin and sending address, and bad signatures spend the failed-auth budget. */
describe('rate limits on inbound webhooks', () => {
  let env: PluginTestEnvironment;

  beforeAll(async () => {
    env = await createPluginTestEnvironment({
      plugins: ['shopify'],
      configure: { shopify: { clientSecret: SHOPIFY_SECRET, currency: 'EUR' } },
      now: NOW,
      env: { RATE_LIMIT_WEBHOOKS: '3', RATE_LIMIT_FAILED_AUTH: '2', RATE_LIMIT_WINDOW_SECONDS: '120' },
    });
  });
  afterAll(() => env.stop());

  const signed = (customerId: string) => {
    const body = customerJson({ customerId, email: `${customerId}@example.com` });
    return { body, headers: shopifyHeaders({ body, secret: SHOPIFY_SECRET, topic: 'customers/create' }) };
  };

  it('answers 429 with Retry-After past a plugin budget, while another plugin path keeps its own', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push(await env.webhook('not-installed', '{}', {}));
    expect(statuses.map((r) => r.status)).toEqual([404, 404, 404, 429]);
    expect(statuses[0].headers['ratelimit-policy']).toBe('3;w=120');
    expect(Number(statuses[3].headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(statuses[3].body).toEqual({
      error: expect.stringMatching(/Too many webhook requests: retry in \d+ s/),
    });

    const { body, headers } = signed('9300000000000000001');
    const shopify = await env.webhook('shopify', body, headers);
    expect(shopify.status).toBe(200);
  });

  it('refuses an address after a few bad signatures, before checking the next one', async () => {
    const { body, headers } = signed('9300000000000000002');
    const forged = { ...headers, 'x-shopify-hmac-sha256': 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' };
    const first = await env.webhook('shopify', body, forged);
    const second = await env.webhook('shopify', body, forged);
    expect([first.status, second.status]).toEqual([401, 401]);

    const genuine = await env.webhook('shopify', body, headers);
    expect(genuine.status).toBe(429);
    expect(genuine.body).toEqual({
      error: expect.stringMatching(/Too many failed signatures: retry in \d+ s/),
    });
    expect(Number(genuine.headers['retry-after'])).toBeGreaterThan(60);
  });
});
