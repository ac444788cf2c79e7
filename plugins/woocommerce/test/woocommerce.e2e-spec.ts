/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL answers are read loosely in tests, as in test/ */
import {
  createPluginTestEnvironment,
  wooCommerceHeaders,
  type PluginTestEnvironment,
} from '../../../src/plugin-system/testing/plugin-test-kit';
import { clock } from '../../../src/common/clock';
import { createEarningRule } from '../../../test/harness/orders.fixtures';
import { balanceOf, expectLedgerConsistent } from '../../../test/harness/points.fixtures';
import { registerMember } from '../../../test/harness/members.fixtures';

const SECRET = 'wc-webhook-secret-123';

/** WooCommerce's GMT format (no zone letter), `minutesAgo` before the clock's now, whatever day the suite runs. */
const wooGmt = (minutesAgo: number) =>
  new Date(clock.now().getTime() - minutesAgo * 60_000).toISOString().slice(0, 19);

function orderJson(input: {
  id: number;
  customerId: number;
  status: string;
  refunds?: { id: number; total: string }[];
}): string {
  return JSON.stringify({
    id: input.id,
    status: input.status,
    currency: 'EUR',
    total: '54.50',
    total_tax: '4.50',
    shipping_total: '5.00',
    discount_total: '2.00',
    customer_id: input.customerId,
    billing: { email: `wc${input.customerId}@example.com`, first_name: 'Wanda', last_name: 'Woo' },
    line_items: [
      {
        id: 11,
        name: 'Beans',
        product_id: 31,
        variation_id: 0,
        quantity: 2,
        subtotal: '30.00',
        total: '28.00',
        sku: 'WC-BEANS',
      },
      {
        id: 12,
        name: 'Filter',
        product_id: 32,
        variation_id: 0,
        quantity: 1,
        subtotal: '17.00',
        total: '17.00',
        sku: '',
      },
    ],
    refunds: input.refunds ?? [],
    date_created_gmt: wooGmt(10),
    date_paid_gmt: input.status === 'pending' ? null : wooGmt(5),
  });
}

describe('WooCommerce connector', () => {
  let env: PluginTestEnvironment;
  const send = (topic: string, body: string, deliveryId?: string, overrides: Record<string, string> = {}) =>
    env.webhook('woocommerce', body, {
      ...wooCommerceHeaders({ body, secret: SECRET, topic, deliveryId }),
      ...overrides,
    });
  const memberOf = async (customerId: number) => {
    const response = await env.gql<{ memberByChannelIdentity: { id: string } }>(
      `query ($e: String!) { memberByChannelIdentity(channel: "woocommerce", externalId: $e) { id } }`,
      { e: String(customerId) },
      await env.staffToken(),
    );
    return response.data!.memberByChannelIdentity.id;
  };

  beforeAll(async () => {
    env = await createPluginTestEnvironment({
      plugins: ['woocommerce'],
      configure: { woocommerce: { webhookSecret: SECRET, currency: 'EUR', createMembers: true } },
    });
    await createEarningRule(env, {
      name: 'Base rate',
      kind: 'BASE_RATE',
      parameters: { pointsPerUnit: 1, unitAmountMinor: 100 },
    });
  });
  afterAll(() => env.stop());

  it('answers the ping sent when the webhook is created, storing nothing', async () => {
    const response = await env.webhook('woocommerce', 'webhook_id=7', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(response.status).toBe(200);
    const [row] = (await env.app.db.dataSource.query('SELECT COUNT(*) AS n FROM webhook_delivery')) as {
      n: number;
    }[];
    expect(Number(row.n)).toBe(0);
  });

  it('records a paid order once, however often it is delivered, then takes points back for its refund', async () => {
    const paid = orderJson({ id: 501, customerId: 9, status: 'processing' });
    expect((await send('order.created', paid, 'd-1')).status).toBe(200);
    expect((await send('order.created', paid, 'd-1')).body.duplicate).toBe(true);
    expect((await send('order.updated', paid, 'd-2')).status).toBe(200);
    await env.drainDeliveries();
    const memberId = await memberOf(9);
    // 45.00 of merchandise after discounts: 45 points.
    expect((await balanceOf(env, memberId)).available).toBe(45);

    const refunded = orderJson({
      id: 501,
      customerId: 9,
      status: 'completed',
      refunds: [{ id: 601, total: '-15.00' }],
    });
    await send('order.updated', refunded, 'd-3');
    await send('order.updated', refunded, 'd-4');
    await env.drainDeliveries();
    // 15.00 refunded of a 54.50 order whose merchandise is 45.00: 12.39 of merchandise, 12 points.
    expect((await balanceOf(env, memberId)).available).toBe(33);
    await expectLedgerConsistent(env, memberId);
  });

  it('cancels an order whose cancelled snapshot arrived before the paid one', async () => {
    await send('order.updated', orderJson({ id: 511, customerId: 21, status: 'cancelled' }), 'd-51');
    await env.drainDeliveries();
    await send('order.created', orderJson({ id: 511, customerId: 21, status: 'processing' }), 'd-52');
    for (let i = 0; i < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100 * (i + 1)));
      await env.drainDeliveries();
    }
    const memberId = await memberOf(21);
    expect((await balanceOf(env, memberId)).available).toBe(0);
    const [row] = (await env.app.db.dataSource.query(
      `SELECT status FROM customer_order WHERE channel = 'woocommerce' AND externalId = '511'`,
    )) as { status: string }[];
    expect(row.status).toBe('CANCELLED');
  });

  it('never links a customer to an existing member by email, which WooCommerce does not verify', async () => {
    const member = await registerMember(env, { email: 'wc22@example.com' });
    await send('order.created', orderJson({ id: 512, customerId: 22, status: 'processing' }), 'd-53');
    await env.drainDeliveries();
    expect(await memberOf(22)).not.toBe(member.id);
    expect((await balanceOf(env, member.id)).available).toBe(0);
  });

  it('refuses a bad signature, a missing delivery id and an unknown topic with nothing written', async () => {
    const body = orderJson({ id: 502, customerId: 10, status: 'processing' });
    expect((await send('order.created', body, 'd-5', { 'x-wc-webhook-signature': 'AAAA' })).status).toBe(401);
    expect((await send('order.created', body, 'd-6', { 'x-wc-webhook-delivery-id': '' })).status).toBe(400);
    expect((await send('order.deleted', body, 'd-7')).status).toBe(400);
    expect((await send('order.created', '{not json', 'd-8')).status).toBe(400);
    // A signed order re-sent under a customer or product topic (the topic header is not signed).
    expect((await send('customer.updated', body, 'd-8a')).status).toBe(400);
    expect((await send('product.updated', body, 'd-8b')).status).toBe(400);
    const [row] = (await env.app.db.dataSource.query(
      `SELECT COUNT(*) AS n FROM webhook_delivery WHERE deliveryId IN ('d-5','d-6','d-7','d-8','d-8a','d-8b')`,
    )) as {
      n: number;
    }[];
    expect(Number(row.n)).toBe(0);
  });

  it('cancels a recorded order and feeds the catalog from products', async () => {
    await send('order.created', orderJson({ id: 503, customerId: 11, status: 'processing' }), 'd-9');
    await send('order.updated', orderJson({ id: 503, customerId: 11, status: 'cancelled' }), 'd-10');
    await send(
      'product.updated',
      JSON.stringify({
        id: 31,
        name: 'Beans 1kg',
        sku: 'WC-BEANS',
        price: '16.00',
        status: 'publish',
        categories: [{ slug: 'coffee' }],
      }),
      'd-11',
    );
    await env.drainDeliveries();
    expect((await balanceOf(env, await memberOf(11))).available).toBe(0);
    const product = await env.gql<{ product: any }>(
      `query { product(sku: "WC-BEANS") { title category priceMinor } }`,
      {},
      await env.staffToken(),
    );
    expect(product.data!.product).toEqual({ title: 'Beans 1kg', category: 'coffee', priceMinor: 1600 });
  });
});
