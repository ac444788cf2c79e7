import { randomUUID } from 'node:crypto';
import { createLogger } from '../../src/common/logger';
import { createDataSource } from '../../src/data/data-source';
import { Database } from '../../src/data/database';
import type { PluginHost } from '../../src/plugin-system/plugin-host';
import {
  createPluginTestEnvironment,
  shopifyHeaders,
  type PluginTestEnvironment,
} from '../../src/plugin-system/testing/plugin-test-kit';
import { WebhookDeliveriesRepository } from '../../src/plugin-system/webhook-deliveries.repository';
import { WebhookDelivery, WebhookDeliveryStatus } from '../../src/plugin-system/webhook-delivery.entity';
import { WebhookWorker } from '../../src/plugin-system/webhook-worker';
import { orderJson, SHOPIFY_SECRET } from '../../plugins/shopify/test/shopify.samples';
import { createEarningRule } from '../harness/orders.fixtures';
import { balanceOf, expectLedgerConsistent } from '../harness/points.fixtures';

// Long enough that a renewal every third of it survives a busy 2-core CI machine (event loop, SQLite queue).
const LEASE_MS = 3_000;
/** One lease, the next poll of the live worker, the handler itself, and a loaded CI machine. */
const TAKEOVER_WITHIN_MS = LEASE_MS + 1_000 + 8_000;

/**
 * A process crashes while its worker runs a webhook delivery. The restarted (or another) worker must
 * take the delivery over within seconds, not after a long lock, and the delivery's effect must happen
 * once even when the dead worker got as far as the core change before dying.
 */
describe('a webhook delivery whose worker died', () => {
  let env: PluginTestEnvironment;
  const deliveries = new WebhookDeliveriesRepository();

  const deliveryRow = async (id: number) => (await deliveries.byId(env.app.db.manager, id))!;
  const storeDelivery = async (body: string): Promise<number> => {
    const headers = shopifyHeaders({ body, secret: SHOPIFY_SECRET, topic: 'orders/paid' });
    const now = new Date();
    return env.app.db.transaction((manager) =>
      deliveries.insert(manager, {
        plugin: 'shopify',
        deliveryId: headers['x-shopify-webhook-id'],
        path: '',
        topic: 'orders/paid',
        status: WebhookDeliveryStatus.PENDING,
        attempts: 0,
        replays: 0,
        nextAttemptAt: null,
        lockedUntil: null,
        headersJson: JSON.stringify(headers),
        body,
        lastError: null,
        receivedAt: now,
        processedAt: null,
        updatedAt: now,
      }),
    );
  };

  beforeAll(async () => {
    env = await createPluginTestEnvironment({
      plugins: ['shopify'],
      configure: {
        shopify: {
          clientSecret: SHOPIFY_SECRET,
          currency: 'EUR',
          createMembers: true,
          defaultCategory: 'shop',
        },
      },
      env: { WEBHOOK_LEASE_MS: String(LEASE_MS) },
    });
    await createEarningRule(env, {
      name: 'Base rate',
      kind: 'BASE_RATE',
      parameters: { pointsPerUnit: 1, unitAmountMinor: 100 },
    });
  });
  afterAll(() => env.stop());

  it('is taken over by a live worker within seconds and earns its points exactly once', async () => {
    const { host, worker } = env.app.plugins;
    // The live worker pauses, so the doomed one (a process of its own, with its own connections) claims first.
    await worker.stop();
    const doomedDataSource = createDataSource({
      url: env.app.config.databaseUrl,
      entities: [WebhookDelivery],
      migrations: [],
    });
    await doomedDataSource.initialize();
    // Its handler makes the core change (the order and its points), then the process dies before it
    // can record the outcome.
    let coreChangeMade!: () => void;
    const madeCoreChange = new Promise<void>((resolve) => (coreChangeMade = resolve));
    let resumeDeadWorker!: () => void;
    const dyingHost = Object.create(host, {
      active: {
        value: async (name: string) => {
          const plugin = await host.active(name);
          if (!plugin) return plugin;
          const webhooks = plugin.definition.webhooks!.map((webhook) => ({
            ...webhook,
            handle: async (...args: Parameters<typeof webhook.handle>) => {
              await webhook.handle(...args);
              coreChangeMade();
              await new Promise<void>((resolve) => (resumeDeadWorker = resolve));
            },
          }));
          return { ...plugin, definition: { ...plugin.definition, webhooks } };
        },
      },
    }) as PluginHost;
    const doomed = new WebhookWorker(
      new Database(doomedDataSource),
      dyingHost,
      deliveries,
      env.app.config.plugins,
      createLogger('silent'),
    );

    const id = await storeDelivery(
      orderJson({ orderId: '7001', customerId: '8001', email: 'crash@example.com' }),
    );
    doomed.kick();
    await madeCoreChange;
    await doomedDataSource.destroy();
    const diedAt = Date.now();
    expect((await deliveryRow(id)).status).toBe(WebhookDeliveryStatus.PROCESSING);

    worker.start();
    let row = await deliveryRow(id);
    while (row.status !== WebhookDeliveryStatus.PROCESSED && Date.now() - diedAt < TAKEOVER_WITHIN_MS) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      row = await deliveryRow(id);
    }
    resumeDeadWorker();

    expect(row).toMatchObject({ status: WebhookDeliveryStatus.PROCESSED, attempts: 2, lockToken: null });
    const orders = (await env.app.db.dataSource.query(
      "SELECT id, memberId, pointsEarned FROM customer_order WHERE channel = 'shopify' AND externalId = '7001'",
    )) as { id: number; memberId: number; pointsEarned: number }[];
    expect(orders).toHaveLength(1);
    const earned = (await env.app.db.dataSource.query(
      "SELECT COUNT(*) AS n, SUM(points) AS points FROM ledger_entry WHERE orderId = ? AND type = 'EARN'",
      [orders[0].id],
    )) as { n: number; points: number }[];
    expect(Number(earned[0].n)).toBe(1);
    expect((await balanceOf(env, String(orders[0].memberId))).available).toBe(Number(orders[0].pointsEarned));
    await expectLedgerConsistent(env, String(orders[0].memberId));
  });

  it('keeps renewing the lease of a handler that runs longer than one lease, so no other worker runs it meanwhile', async () => {
    const { host, worker } = env.app.plugins;
    await worker.stop();
    const slowHost = Object.create(host, {
      active: {
        value: async (name: string) => {
          const plugin = await host.active(name);
          if (!plugin) return plugin;
          const webhooks = plugin.definition.webhooks!.map((webhook) => ({
            ...webhook,
            handle: async (...args: Parameters<typeof webhook.handle>) => {
              await new Promise((resolve) => setTimeout(resolve, 3 * LEASE_MS));
              await webhook.handle(...args);
            },
          }));
          return { ...plugin, definition: { ...plugin.definition, webhooks } };
        },
      },
    }) as PluginHost;
    const logger = createLogger('silent');
    const slow = new WebhookWorker(env.app.db, slowHost, deliveries, env.app.config.plugins, logger);
    const rival = new WebhookWorker(env.app.db, host, deliveries, env.app.config.plugins, logger);
    const id = await storeDelivery(
      orderJson({ orderId: '7003', customerId: '8003', email: 'slow@example.com' }),
    );
    try {
      slow.kick();
      const rivalPolls = setInterval(() => rival.kick(), 100);
      while ((await deliveryRow(id)).status !== WebhookDeliveryStatus.PROCESSED) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      clearInterval(rivalPolls);
      await Promise.all([slow.stop(), rival.stop()]);
    } finally {
      worker.start();
    }
    expect(await deliveryRow(id)).toMatchObject({ status: WebhookDeliveryStatus.PROCESSED, attempts: 1 });
  });

  it('lets only the claim holding the lease renew it or record the outcome, never a worker that lost it', async () => {
    const id = await storeDelivery(
      orderJson({ orderId: '7002', customerId: '8002', email: 'fence@example.com' }),
    );
    const db = env.app.db;
    const [stale, successor] = [randomUUID(), randomUUID()];
    const claimedAt = new Date(Date.now() - 10 * LEASE_MS);
    const claim = (token: string, at: Date) =>
      db.transaction((m) => deliveries.claim(m, id, at, LEASE_MS, token));
    // Both workers need the live worker out of the way: it would claim the delivery itself.
    await env.app.plugins.worker.stop();
    try {
      expect(await claim(stale, claimedAt)).toBe(true);
      expect(await claim(successor, new Date())).toBe(true);
      const outcome = {
        status: WebhookDeliveryStatus.FAILED,
        nextAttemptAt: null,
        lastError: 'stale',
        processedAt: null,
      };
      expect(
        await db.transaction((m) => deliveries.renew(m, id, stale, new Date(Date.now() + LEASE_MS))),
      ).toBe(false);
      expect(await db.transaction((m) => deliveries.finish(m, id, stale, outcome))).toBe(false);
      expect(await deliveryRow(id)).toMatchObject({
        status: WebhookDeliveryStatus.PROCESSING,
        lockToken: successor,
      });
      expect(
        await db.transaction((m) =>
          deliveries.finish(m, id, successor, {
            ...outcome,
            status: WebhookDeliveryStatus.PROCESSED,
            lastError: null,
          }),
        ),
      ).toBe(true);
      expect(await deliveryRow(id)).toMatchObject({
        status: WebhookDeliveryStatus.PROCESSED,
        lockToken: null,
      });
    } finally {
      env.app.plugins.worker.start();
    }
  });
});
