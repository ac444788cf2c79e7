import { randomUUID } from 'node:crypto';
import {
  createPluginTestEnvironment,
  shopifyHeaders,
  type PluginTestEnvironment,
} from '../../src/plugin-system/testing/plugin-test-kit';

const SECRET = 'shpss_test_client_secret_0123456789';

/**
 * The accept path of an inbound webhook (issue 12): between the request and the 200 there is the
 * signature check over the raw body and one INSERT, whose unique key (plugin, platform delivery id)
 * decides duplicates; the worker does the rest in the background (its statements are not counted
 * here). MySQL/MariaDB runs the INSERT alone in autocommit; SQLite queues it behind the open
 * transactions (its one connection is shared), so BEGIN and COMMIT/ROLLBACK come with it.
 */
describe('SQL statements per accepted webhook delivery', () => {
  let env: PluginTestEnvironment;

  beforeAll(async () => {
    env = await createPluginTestEnvironment({
      plugins: ['shopify'],
      configure: { shopify: { clientSecret: SECRET, currency: 'EUR', createMembers: true } },
      now: '2026-03-10T12:00:00Z',
    });
  });
  afterAll(() => env.stop());

  const deliver = (webhookId: string) => {
    const body = JSON.stringify({ id: 555001, email: 'count@example.com', first_name: 'C', last_name: 'S' });
    return env.countStatements(async () => {
      // The plugin's installation row is cached for a few seconds: read it first, as traffic would have.
      await env.app.plugins.host.installations();
      const response = await env.webhook(
        'shopify',
        body,
        shopifyHeaders({ body, secret: SECRET, topic: 'customers/create', webhookId }),
      );
      return response;
    });
  };
  const expected = () => (env.app.db.kind === 'mysql' ? 1 : 3);

  it('accepts a new delivery with one INSERT and nothing else', async () => {
    await deliver(randomUUID()); // warms the plugin's options and the prepared statements
    const { result, statements } = await deliver(randomUUID());
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ received: true });
    expect(result.body.duplicate).toBeUndefined();
    expect(statements).toBe(expected());
    await env.drainDeliveries();
  });

  it('answers a redelivery as a duplicate with the same single INSERT refused by the unique key', async () => {
    const webhookId = randomUUID();
    await deliver(webhookId);
    const { result, statements } = await deliver(webhookId);
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ received: true, duplicate: true });
    expect(statements).toBe(expected());
    const rows = (await env.app.db.dataSource.query(
      `SELECT COUNT(*) AS n FROM webhook_delivery WHERE plugin = 'shopify' AND deliveryId = ?`,
      [webhookId],
    )) as { n: number | string }[];
    expect(Number(rows[0].n)).toBe(1);
    await env.drainDeliveries();
  });
});
