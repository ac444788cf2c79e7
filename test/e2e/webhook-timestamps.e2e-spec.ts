import { SHOPIFY_SECRET, customerJson } from '../../plugins/shopify/test/shopify.samples';
import {
  createPluginTestEnvironment,
  shopifyHeaders,
  type PluginTestEnvironment,
} from '../../src/plugin-system/testing/plugin-test-kit';

const NOW = '2031-03-14T09:00:00.000Z';
const DAY = NOW.slice(0, 10);

interface DeliveryView {
  id: string;
  status: string;
  receivedAt: string;
  processedAt: string | null;
  updatedAt: string;
}

/**
 * A delivery's receivedAt, processedAt and updatedAt are business timestamps read from the one clock,
 * so they agree with each other and with the rest of the data when that clock is pinned (a test, a
 * support replay), instead of mixing the pinned date with the machine's.
 */
describe('webhook delivery timestamps', () => {
  let env: PluginTestEnvironment;
  let admin: string;

  beforeAll(async () => {
    env = await createPluginTestEnvironment({
      plugins: ['shopify'],
      configure: { shopify: { clientSecret: SHOPIFY_SECRET, currency: 'EUR' } },
      now: NOW,
    });
    admin = await env.adminToken();
  });
  afterAll(() => env.stop());

  const FIELDS = 'id status receivedAt processedAt updatedAt';
  const deliveries = async () => {
    const response = await env.gql<{ webhookDeliveries: { edges: { node: DeliveryView }[] } }>(
      `query { webhookDeliveries(first: 10, filter: { plugin: "shopify" }) { edges { node { ${FIELDS} } } } }`,
      {},
      admin,
    );
    return response.data!.webhookDeliveries.edges.map((edge) => edge.node);
  };

  it('stamps a processed delivery and its replay with the server clock', async () => {
    const body = customerJson({ customerId: '9100000000000000001', email: 'clock@example.com' });
    const sent = await env.webhook(
      'shopify',
      body,
      shopifyHeaders({ body, secret: SHOPIFY_SECRET, topic: 'customers/create' }),
    );
    expect(sent.status).toBe(200);
    await env.drainDeliveries();

    const [processed] = await deliveries();
    expect(processed.status).toBe('PROCESSED');
    expect(
      [processed.receivedAt, processed.processedAt, processed.updatedAt].map((at) => at?.slice(0, 10)),
    ).toEqual([DAY, DAY, DAY]);

    const replayed = await env.gql<{ replayWebhookDelivery: DeliveryView }>(
      `mutation ($id: ID!) { replayWebhookDelivery(id: $id) { ${FIELDS} } }`,
      { id: processed.id },
      admin,
    );
    expect(replayed.errors).toBeUndefined();
    expect(replayed.data!.replayWebhookDelivery.updatedAt.slice(0, 10)).toBe(DAY);
  });
});
