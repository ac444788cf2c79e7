/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL answers are read loosely in tests, as in test/ */
import { randomUUID } from 'node:crypto';
import {
  createPluginTestEnvironment,
  shopifyHeaders,
  type PluginTestEnvironment,
} from '../../../src/plugin-system/testing/plugin-test-kit';
import { createEarningRule } from '../../../test/harness/orders.fixtures';
import { balanceOf, expectLedgerConsistent } from '../../../test/harness/points.fixtures';
import { registerMember } from '../../../test/harness/members.fixtures';
import {
  BIG_CUSTOMER_ID,
  BIG_ORDER_ID,
  customerJson,
  orderJson,
  productJson,
  refundJson,
  SHOPIFY_SECRET,
} from './shopify.samples';

const OPTIONS = {
  clientSecret: SHOPIFY_SECRET,
  currency: 'EUR',
  createMembers: true,
  defaultCategory: 'shop',
};

describe('Shopify connector', () => {
  let env: PluginTestEnvironment;

  const send = (topic: string, body: string, overrides: Record<string, string | undefined> = {}) => {
    const headers: Record<string, string> = { ...shopifyHeaders({ body, secret: SHOPIFY_SECRET, topic }) };
    for (const [name, value] of Object.entries(overrides)) {
      if (value === undefined) delete headers[name];
      else headers[name] = value;
    }
    return env.webhook('shopify', body, headers);
  };
  const sendAndProcess = async (topic: string, body: string, webhookId?: string) => {
    const response = await send(topic, body, webhookId ? { 'x-shopify-webhook-id': webhookId } : {});
    expect(response.status).toBe(200);
    await env.drainDeliveries();
    return response;
  };
  const count = async (table: string) =>
    Number(
      ((await env.app.db.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`)) as { n: number }[])[0].n,
    );
  const orderByExternalId = async (externalId: string) => {
    const response = await env.gql<{ orders: { edges: { node: any }[] } }>(
      `query { orders(first: 50, filter: { channel: "shopify" }) { edges { node { id externalId status pointsEarned pointsReversed totalMinor member { id } lines { sku quantity totalMinor } } } } }`,
      {},
      await env.staffToken(),
    );
    return response.data!.orders.edges.map((e) => e.node).find((o) => o.externalId === externalId);
  };
  const memberByShopifyId = async (customerId: string) => {
    const response = await env.gql<{
      memberByChannelIdentity: { id: string; status: string; email: string | null };
    }>(
      `query ($e: String!) { memberByChannelIdentity(channel: "shopify", externalId: $e) { id status email } }`,
      { e: customerId },
      await env.staffToken(),
    );
    return response.data?.memberByChannelIdentity ?? null;
  };

  const deliveriesOf = async (topic: string, needle: string) => {
    const rows = (await env.app.db.dataSource.query(
      `SELECT status, lastError FROM webhook_delivery WHERE plugin = 'shopify' AND topic = ? AND body LIKE ? ORDER BY id DESC`,
      [topic, `%${needle}%`],
    )) as { status: string; lastError: string | null }[];
    return rows[0];
  };
  /** Drains several times, waiting past the test environment's short retry delays (20 ms × 4^n). */
  const drainPastRetries = async () => {
    for (let i = 0; i < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100 * (i + 1)));
      await env.drainDeliveries();
    }
  };
  const memberStatus = async (id: string) =>
    (
      await env.gql<{ member: { status: string; email: string | null } }>(
        `query ($id: ID!) { member(id: $id) { status email } }`,
        { id },
        await env.staffToken(),
      )
    ).data!.member;

  beforeAll(async () => {
    env = await createPluginTestEnvironment({ plugins: ['shopify'], configure: { shopify: OPTIONS } });
    await createEarningRule(env, {
      name: 'Base rate',
      kind: 'BASE_RATE',
      parameters: { pointsPerUnit: 1, unitAmountMinor: 100 },
    });
  });
  afterAll(() => env.stop());

  it('records a paid order with int64 ids intact, creates the customer as a member and earns points', async () => {
    await sendAndProcess('orders/paid', orderJson({}));
    const order = await orderByExternalId(BIG_ORDER_ID);
    expect(order.externalId).toBe('820982911946154508');
    expect(order.totalMinor).toBe(40495);
    expect(order.pointsEarned).toBe(404);
    expect(order.lines.map((l: any) => l.sku)).toEqual(['SHOP-TEE', 'SHOP-MUG']);
    const member = await memberByShopifyId(BIG_CUSTOMER_ID);
    expect(member).toMatchObject({ id: order.member.id, email: 'bob@example.com' });
    expect((await balanceOf(env, member!.id)).available).toBe(404);
    await expectLedgerConsistent(env, member!.id);
  });

  it('earns once for a delivery sent three times, and an admin replay changes nothing', async () => {
    const body = orderJson({
      orderId: '9007199254740993',
      customerId: '9007199254740995',
      email: 'three@example.com',
    });
    const webhookId = randomUUID();
    for (let i = 0; i < 3; i++) {
      const response = await send('orders/paid', body, { 'x-shopify-webhook-id': webhookId });
      expect(response.status).toBe(200);
      if (i > 0) expect(response.body.duplicate).toBe(true);
    }
    await env.drainDeliveries();
    const deliveries = await env.gql<{ webhookDeliveries: { edges: { node: any }[] } }>(
      `query { webhookDeliveries(first: 10, filter: { plugin: "shopify" }) { edges { node { id deliveryId status attempts replays } } } }`,
      {},
      await env.adminToken(),
    );
    const delivery = deliveries
      .data!.webhookDeliveries.edges.map((e) => e.node)
      .filter((d) => d.deliveryId === webhookId);
    expect(delivery).toHaveLength(1);
    expect(delivery[0].status).toBe('PROCESSED');
    const replayed = await env.gql(
      `mutation ($id: ID!) { replayWebhookDelivery(id: $id) { status replays } }`,
      { id: delivery[0].id },
      await env.adminToken(),
    );
    expect(replayed.data).toEqual({ replayWebhookDelivery: { status: 'PENDING', replays: 1 } });
    await env.drainDeliveries();
    const member = await memberByShopifyId('9007199254740995');
    expect((await balanceOf(env, member!.id)).available).toBe(404);
    expect((await orderByExternalId('9007199254740993')).pointsEarned).toBe(404);
  });

  it('leaves the right balance after orders/paid then refunds/create, and a repeated refund takes nothing more', async () => {
    const orderId = '5000000000000000001';
    const customerId = '5000000000000000002';
    await sendAndProcess('orders/paid', orderJson({ orderId, customerId, email: 'refund@example.com' }));
    await sendAndProcess(
      'refunds/create',
      refundJson({ refundId: '6000000000000000001', orderId, subtotal: 199.0 }),
    );
    await sendAndProcess(
      'refunds/create',
      refundJson({ refundId: '6000000000000000001', orderId, subtotal: 199.0 }),
    );
    const member = await memberByShopifyId(customerId);
    // 404 earned on 404.95; 199.00 of merchandise refunded: round(404 × 199/404.95) = 199 back.
    expect((await balanceOf(env, member!.id)).available).toBe(205);
    const order = await orderByExternalId(orderId);
    expect(order).toMatchObject({ status: 'PARTIALLY_REFUNDED', pointsReversed: 199 });
    await expectLedgerConsistent(env, member!.id);
  });

  it('reverses everything when an order is cancelled', async () => {
    const orderId = '5000000000000000011';
    const customerId = '5000000000000000012';
    await sendAndProcess('orders/paid', orderJson({ orderId, customerId, email: 'cancel@example.com' }));
    await sendAndProcess(
      'orders/cancelled',
      orderJson({ orderId, customerId, email: 'cancel@example.com', cancelledAt: new Date().toISOString() }),
    );
    const member = await memberByShopifyId(customerId);
    expect((await balanceOf(env, member!.id)).available).toBe(0);
    expect((await orderByExternalId(orderId)).status).toBe('CANCELLED');
  });

  it('feeds the catalog from products/create and adds a placeholder for an order line whose SKU is unknown', async () => {
    await sendAndProcess('products/create', productJson({ sku: 'IPOD2008PINK', price: '199.00' }));
    const product = await env.gql<{ product: any }>(
      `query { product(sku: "IPOD2008PINK") { sku title category priceMinor } }`,
      {},
      await env.staffToken(),
    );
    expect(product.data!.product).toEqual({
      sku: 'IPOD2008PINK',
      title: 'IPod Nano - Pink',
      category: 'cult-products',
      priceMinor: 19900,
    });

    const orderId = '5000000000000000021';
    await sendAndProcess(
      'orders/paid',
      orderJson({
        orderId,
        customerId: '5000000000000000022',
        email: 'placeholder@example.com',
        lines: [{ id: '1', sku: null, variantId: '777', title: 'Mystery box', quantity: 1, price: '10.00' }],
      }),
    );
    expect((await orderByExternalId(orderId)).lines[0].sku).toBe('shopify-v777');
    const placeholder = await env.gql<{ product: any }>(
      `query { product(sku: "shopify-v777") { title category priceMinor } }`,
      {},
      await env.staffToken(),
    );
    expect(placeholder.data!.product).toEqual({ title: 'Mystery box', category: 'shop', priceMinor: 1000 });
  });

  it('links a customer to the existing member with the same email', async () => {
    const member = await registerMember(env, { email: 'ann.smith@example.com' });
    await sendAndProcess(
      'customers/create',
      customerJson({ customerId: '7000000000000000001', email: 'ann.smith@example.com' }),
    );
    expect((await memberByShopifyId('7000000000000000001'))!.id).toBe(member.id);
  });

  it('erases the linked member on customers/redact', async () => {
    await sendAndProcess(
      'customers/create',
      customerJson({ customerId: '7000000000000000002', email: 'gone@example.com' }),
    );
    const member = await memberByShopifyId('7000000000000000002');
    const redact = `{"shop_id":954889,"shop_domain":"test-shop.myshopify.com","customer":{"id":7000000000000000002,"email":"gone@example.com","phone":null},"orders_to_redact":[]}`;
    await sendAndProcess('customers/redact', redact);
    await sendAndProcess('customers/redact', redact);
    const read = await env.gql<{ member: { status: string; email: string | null } }>(
      `query ($id: ID!) { member(id: $id) { status email } }`,
      { id: member!.id },
      await env.staffToken(),
    );
    expect(read.data!.member).toEqual({ status: 'ERASED', email: null });
  });

  it('takes a refund that arrives before its order back once the order is recorded', async () => {
    const orderId = '5000000000000000051';
    const customerId = '5000000000000000052';
    // refunds/create first: the order is unknown, so the delivery backs off instead of being lost.
    await sendAndProcess(
      'refunds/create',
      refundJson({ refundId: '6000000000000000051', orderId, subtotal: 199.0 }),
    );
    const waiting = await deliveriesOf('refunds/create', orderId);
    expect(waiting).toMatchObject({
      status: 'PENDING',
      lastError: expect.stringMatching(/not recorded yet/),
    });
    await sendAndProcess(
      'orders/paid',
      orderJson({ orderId, customerId, email: 'early-refund@example.com' }),
    );
    await drainPastRetries();
    const member = await memberByShopifyId(customerId);
    expect((await balanceOf(env, member!.id)).available).toBe(205);
    expect((await deliveriesOf('refunds/create', orderId)).status).toBe('PROCESSED');
    await expectLedgerConsistent(env, member!.id);
  });

  it('cancels an order whose cancellation arrived first, and ignores the cancellation of an order never paid', async () => {
    const orderId = '5000000000000000061';
    const customerId = '5000000000000000062';
    const cancelledAt = new Date().toISOString();
    await sendAndProcess(
      'orders/cancelled',
      orderJson({ orderId, customerId, email: 'early-cancel@example.com', cancelledAt }),
    );
    await sendAndProcess(
      'orders/paid',
      orderJson({ orderId, customerId, email: 'early-cancel@example.com' }),
    );
    await drainPastRetries();
    expect((await orderByExternalId(orderId)).status).toBe('CANCELLED');
    const unpaid = orderJson({ orderId: '5000000000000000063', cancelledAt }).replace(
      '"financial_status":"paid"',
      '"financial_status":"pending"',
    );
    await sendAndProcess('orders/cancelled', unpaid);
    expect((await deliveriesOf('orders/cancelled', '5000000000000000063')).status).toBe('PROCESSED');
  });

  it('fails an order dated in year 1 for good, naming the date, instead of retrying it', async () => {
    const orderId = '5000000000000000071';
    const body = orderJson({
      orderId,
      customerId: '5000000000000000072',
      email: 'year-one@example.com',
    }).replace(/"(created_at|processed_at)":"[^"]*"/g, '"$1":"0001-01-01T00:00:00Z"');
    await sendAndProcess('orders/paid', body);
    expect(await deliveriesOf('orders/paid', orderId)).toEqual({
      status: 'FAILED',
      lastError: expect.stringMatching(/purchasedAt must be a date from 2000-01-01 to 2100-01-01/),
    });
    expect(await orderByExternalId(orderId)).toBeUndefined();
  });

  it('does not link a customer to an existing member by an email Shopify has not verified', async () => {
    const member = await registerMember(env, { email: 'victim@example.com' });
    await sendAndProcess(
      'customers/create',
      customerJson({ customerId: '7000000000000000011', email: 'victim@example.com', verifiedEmail: false }),
    );
    const stranger = await memberByShopifyId('7000000000000000011');
    expect(stranger!.id).not.toBe(member.id);
    expect(stranger!.email).toBeNull();
    // The stranger's redact request erases only the member Shopify created for them.
    await sendAndProcess(
      'customers/redact',
      `{"shop_id":954889,"shop_domain":"test-shop.myshopify.com","customer":{"id":7000000000000000011,"email":"victim@example.com"},"orders_to_redact":[]}`,
    );
    expect(await memberStatus(member.id)).toEqual({ status: 'ACTIVE', email: 'victim@example.com' });
    expect(await memberStatus(stranger!.id)).toEqual({ status: 'ERASED', email: null });
  });

  it('only unlinks, never erases, a member who joined elsewhere when Shopify asks to redact its customer', async () => {
    const member = await registerMember(env, { email: 'kept@example.com' });
    await sendAndProcess(
      'customers/create',
      customerJson({ customerId: '7000000000000000021', email: 'kept@example.com' }),
    );
    expect((await memberByShopifyId('7000000000000000021'))!.id).toBe(member.id);
    const redact = `{"shop_id":954889,"shop_domain":"test-shop.myshopify.com","customer":{"id":7000000000000000021,"email":"kept@example.com"},"orders_to_redact":[]}`;
    await sendAndProcess('customers/redact', redact);
    await sendAndProcess('customers/redact', redact);
    expect(await memberStatus(member.id)).toEqual({ status: 'ACTIVE', email: 'kept@example.com' });
    expect(await memberByShopifyId('7000000000000000021')).toBeNull();
  });

  describe('refuses a signed body re-sent under another topic, with nothing written', () => {
    const paid = orderJson({ orderId: '5000000000000000071', customerId: '5000000000000000072' });
    const cancelled = orderJson({
      orderId: '5000000000000000071',
      customerId: '5000000000000000072',
      cancelledAt: new Date().toISOString(),
    });
    const refund = refundJson({
      refundId: '6000000000000000071',
      orderId: '5000000000000000071',
      subtotal: 1,
    });
    const customer = customerJson({ customerId: '7000000000000000031', email: 'swap@example.com' });
    const product = productJson({ sku: 'SWAP-1', price: '1.00' });

    it.each([
      ['a paid order as orders/cancelled', 'orders/cancelled', paid],
      ['a paid order as customers/redact', 'customers/redact', paid],
      ['a paid order as refunds/create', 'refunds/create', paid],
      ['a paid order as customers/update', 'customers/update', paid],
      ['a cancelled order as orders/paid', 'orders/paid', cancelled],
      ['a refund as orders/cancelled', 'orders/cancelled', refund],
      ['a customer as customers/redact', 'customers/redact', customer],
      ['a customer as orders/paid', 'orders/paid', customer],
      ['a product as customers/create', 'customers/create', product],
      ['a customer as products/update', 'products/update', customer],
    ])('answers %s with 400', async (_case, topic, body) => {
      const before = { deliveries: await count('webhook_delivery'), orders: await count('customer_order') };
      const response = await send(topic, body);
      expect(response.status).toBe(400);
      expect(response.body.error).toMatch(new RegExp(`Not a ${topic} body`));
      expect({ deliveries: await count('webhook_delivery'), orders: await count('customer_order') }).toEqual(
        before,
      );
    });

    it('refuses a cancellation whose signed cancelled_at is stale, whatever X-Shopify-Triggered-At says', async () => {
      const old = orderJson({ orderId: '5000000000000000071', cancelledAt: '2020-01-01T00:00:00Z' });
      const before = await count('webhook_delivery');
      const response = await send('orders/cancelled', old, {
        'x-shopify-triggered-at': new Date().toISOString(),
      });
      expect(response.status).toBe(401);
      expect(await count('webhook_delivery')).toBe(before);
    });
  });

  describe('refuses requests with nothing written', () => {
    const body = orderJson({
      orderId: '5000000000000000031',
      customerId: '5000000000000000032',
      email: 'refused@example.com',
    });

    it.each([
      ['a bad signature', { 'x-shopify-hmac-sha256': 'bm90IHRoZSByaWdodCBzaWduYXR1cmU=' }, 401],
      ['a missing signature header', { 'x-shopify-hmac-sha256': undefined }, 401],
      ['a missing webhook id header', { 'x-shopify-webhook-id': undefined }, 400],
      ['a missing topic header', { 'x-shopify-topic': undefined }, 400],
      [
        'a stale trigger time',
        { 'x-shopify-triggered-at': new Date(Date.now() - 3 * 86_400_000).toISOString() },
        401,
      ],
      ['an unknown topic', { 'x-shopify-topic': 'orders/exploded' }, 400],
    ])('answers %s with its status', async (_case, overrides, status) => {
      const before = { deliveries: await count('webhook_delivery'), orders: await count('customer_order') };
      const response = await send('orders/paid', body, overrides);
      expect(response.status).toBe(status);
      expect(response.body.error).toEqual(expect.any(String));
      await env.drainDeliveries();
      expect({ deliveries: await count('webhook_delivery'), orders: await count('customer_order') }).toEqual(
        before,
      );
    });

    it('answers a malformed body with 400', async () => {
      const before = await count('webhook_delivery');
      const response = await send('orders/paid', '{"id": 1,');
      expect(response.status).toBe(400);
      expect(await count('webhook_delivery')).toBe(before);
    });
  });

  it('answers 404 and writes nothing while disabled, and processes again once enabled', async () => {
    const admin = await env.adminToken();
    await env.gql(`mutation { disablePlugin(name: "shopify") { enabled } }`, {}, admin);
    const before = await count('webhook_delivery');
    const body = orderJson({
      orderId: '5000000000000000041',
      customerId: '5000000000000000042',
      email: 'off@example.com',
    });
    expect((await send('orders/paid', body)).status).toBe(404);
    expect(await count('webhook_delivery')).toBe(before);
    const enabled = await env.gql(`mutation { enablePlugin(name: "shopify") { enabled } }`, {}, admin);
    expect(enabled.data).toEqual({ enablePlugin: { enabled: true } });
    await sendAndProcess('orders/paid', body);
    expect((await orderByExternalId('5000000000000000041')).pointsEarned).toBe(404);
  });
});
