import express from 'express';
import type { EntityManager } from 'typeorm';
import type { Logger } from '../common/logger';
import type { Database } from '../data/database';
import { isUniqueViolation } from '../data/database-errors';
import type { InboundWebhookRequest } from './plugin-definition';
import { isWebhookRejection } from './plugin-errors';
import type { PluginHost } from './plugin-host';
import type { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookDeliveryStatus } from './webhook-delivery.entity';
import type { WebhookWorker } from './webhook-worker';
import { clock } from '../common/clock';
import { currentTraceparent, webhookDeliveries } from '../observability';

const MAX_BODY = '2mb';
/** Credentials a proxy might add: never kept in the delivery log. */
const NOT_STORED = ['authorization', 'cookie', 'x-api-key'];

/**
 * `POST /webhooks/<plugin>/<path>`: the raw body is captured here only (signatures are over its bytes),
 * the plugin's `accept` checks headers, signature, staleness and topic before anything is written,
 * then the delivery is stored once per platform delivery id and answered at once; the worker does the
 * work. A plugin that is not installed or is disabled answers 404, so the platform retries later.
 */
export function webhookRouter(deps: {
  db: Database;
  host: PluginHost;
  deliveries: WebhookDeliveriesRepository;
  worker: WebhookWorker;
  logger: Logger;
}): express.Router {
  // One statement, no transaction around it on MySQL/MariaDB (autocommit on a pooled connection: the
  // row is durable when the INSERT answers). SQLite has one connection for every query runner, so a bare
  // write could land inside another request's open transaction and vanish with its rollback: there it
  // waits its turn in the transaction queue (BEGIN and COMMIT are in-process calls, not round trips).
  const store = <T>(work: (manager: EntityManager) => Promise<T>): Promise<T> =>
    deps.db.kind === 'mysql' ? work(deps.db.manager) : deps.db.transaction(work);
  const router = express.Router();
  router.use(express.raw({ type: () => true, limit: MAX_BODY }));
  router.post(/.*/, async (req, res) => {
    const [, name = '', ...rest] = req.path.split('/');
    const path = rest.join('/');
    const plugin = await deps.host.active(name);
    const webhook = plugin?.definition.webhooks?.find((w) => w.path === path);
    if (!plugin || !webhook) {
      res.status(404).json({ error: `No enabled webhook at /webhooks/${name}/${path}` });
      return;
    }
    const request: InboundWebhookRequest = {
      headers: Object.fromEntries(
        Object.entries(req.headers)
          .filter(([key]) => !NOT_STORED.includes(key))
          .map(([key, value]) => [key, Array.isArray(value) ? value.join(',') : value]),
      ),
      rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
      path,
      receivedAt: clock.now(),
    };
    let accepted;
    try {
      accepted = webhook.accept(request, plugin.options);
    } catch (error) {
      if (isWebhookRejection(error)) {
        res.status(error.status).json({ error: error.message });
        return;
      }
      deps.host.recordError(name, `webhook accept: ${(error as Error).message}`);
      deps.logger.error({ plugin: name, err: error }, 'webhook accept failed');
      res.status(500).json({ error: 'The plugin failed to read this request' });
      return;
    }
    if (accepted.kind === 'ping') {
      res.status(200).json({ ok: true, message: accepted.message ?? 'pong' });
      return;
    }
    const now = clock.now();
    try {
      const id = await store((manager) =>
        deps.deliveries.insert(manager, {
          plugin: name,
          deliveryId: accepted.deliveryId,
          path,
          topic: accepted.topic,
          status: WebhookDeliveryStatus.PENDING,
          attempts: 0,
          replays: 0,
          nextAttemptAt: null,
          lockedUntil: null,
          traceparent: currentTraceparent(),
          headersJson: JSON.stringify(request.headers),
          body: request.rawBody.toString('utf8'),
          lastError: null,
          receivedAt: now,
          processedAt: null,
          updatedAt: now,
        }),
      );
      deps.worker.kick();
      webhookDeliveries.inc({ plugin: name, status: 'received' });
      res.status(200).json({ received: true, id: String(id) });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Seen before: the platform retried or re-sent it. Nothing is written again.
      webhookDeliveries.inc({ plugin: name, status: 'duplicate' });
      res.status(200).json({ received: true, duplicate: true });
    }
  });
  return router;
}
