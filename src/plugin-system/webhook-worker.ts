import { randomUUID } from 'node:crypto';
import { clock } from '../common/clock';
import { asBackgroundWork } from '../data/sql-statement-counter';
import { gaugeSources, inSpanContinuing, webhookDeliveries } from '../observability';
import { ErrorCode } from '../common/errors';
import type { Logger } from '../common/logger';
import type { Database } from '../data/database';
import type { PluginsConfig } from '../config/config';
import { errorCode, isPermanentDeliveryFailure } from './plugin-errors';
import type { PluginHost } from './plugin-host';
import type { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookDeliveryStatus, type WebhookDelivery } from './webhook-delivery.entity';

const POLL_MS = 1_000;
const MAX_BACKOFF_MS = 3_600_000;
const BATCH = 50;

/** Codes no retry can fix: the payload itself is wrong for the core. */
const PERMANENT_CODES: string[] = [
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.IDEMPOTENCY_MISMATCH,
  ErrorCode.FORBIDDEN,
];

/**
 * Processes stored deliveries in the background: claims each due one by a conditional update (so
 * several instances share the queue), runs the plugin's handler, and marks it PROCESSED, or PENDING
 * again after a backoff (base × 4^(attempt-1), at most 1 h), or FAILED when out of attempts or on an
 * error no retry can fix. Deliveries of disabled plugins wait, untouched, until the plugin is enabled.
 *
 * A claim is a short lease (`webhookLeaseMs`) renewed while the handler runs, so the delivery of a worker
 * that died (crash, kill, lost host) is taken over within one lease, not minutes later. The handler is
 * not in one transaction with the claim and the outcome (each core operation it calls commits on its
 * own), so a taken-over delivery may run its handler a second time: what makes that harmless is that
 * every core operation a handler calls is idempotent by the platform's ids (orders by channel and
 * external id, refunds by refund id, points movements by key). The claim's token keeps a worker that
 * lost its lease from recording an outcome over its successor's.
 *
 * Two clocks on purpose: when a delivery is due and how long a lease lasts are scheduling, on the
 * machine's clock (`new Date()`, `Date.now()`), the same for every instance; processedAt and updatedAt
 * are business timestamps, from `clock.now()` like receivedAt, so a pinned clock moves all three.
 */
export class WebhookWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private again = false;
  private unreportQueue: (() => void) | undefined;

  constructor(
    private readonly db: Database,
    private readonly host: PluginHost,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly config: PluginsConfig,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.kick(), POLL_MS);
    this.timer.unref();
    this.unreportQueue = gaugeSources.reportWebhookQueue(() => this.deliveries.queueDepth(this.db.manager));
  }

  /** Runs the due deliveries now (or right after the current run). */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = asBackgroundWork(() => this.runDue())
      .catch((error: unknown) => this.logger.error({ err: error }, 'webhook worker failed'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Waits until nothing is due (deliveries waiting for a later retry do not count). For tests and the bench. */
  async drain(): Promise<void> {
    for (;;) {
      this.kick();
      while (this.running) await this.running;
      const active = (await this.host.activePlugins()).map((p) => p.definition.name);
      if ((await this.deliveries.due(this.db.manager, active, new Date(), 1)).length === 0) return;
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.unreportQueue?.();
    while (this.running) await this.running;
  }

  private async runDue(): Promise<void> {
    for (;;) {
      const active = (await this.host.activePlugins()).map((p) => p.definition.name);
      const ids = await this.deliveries.due(this.db.manager, active, new Date(), BATCH);
      if (ids.length === 0) return;
      // SQLite queues transactions anyway; MySQL runs a few handlers side by side.
      const lanes = this.db.kind === 'mysql' ? 8 : 1;
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(lanes, ids.length) }, async () => {
          while (next < ids.length) await this.processOne(ids[next++]);
        }),
      );
    }
  }

  private async processOne(id: number): Promise<void> {
    const now = new Date();
    const token = randomUUID();
    const leaseMs = this.config.webhookLeaseMs;
    if (!(await this.db.transaction((m) => this.deliveries.claim(m, id, now, leaseMs, token)))) return;
    const heartbeat = setInterval(() => void this.renew(id, token), Math.max(100, Math.floor(leaseMs / 3)));
    heartbeat.unref();
    try {
      await this.attempt(id, token);
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async attempt(id: number, token: string): Promise<void> {
    const delivery = (await this.deliveries.byId(this.db.manager, id))!;
    const plugin = await this.host.active(delivery.plugin);
    const webhook = plugin?.definition.webhooks?.find((w) => w.path === delivery.path);
    if (!plugin || !webhook) {
      // Disabled (or its webhook removed) between the query and the claim: put it back, untouched.
      await this.finish(id, token, {
        status: WebhookDeliveryStatus.PENDING,
        nextAttemptAt: null,
        lastError: delivery.lastError,
        processedAt: null,
      });
      return;
    }
    // The span continues the trace of the request that accepted the delivery (see trace-context.ts).
    const span = {
      'loyalty.plugin': delivery.plugin,
      'loyalty.webhook.topic': delivery.topic,
      'loyalty.webhook.delivery': delivery.id,
      'loyalty.webhook.attempt': delivery.attempts,
    };
    try {
      await inSpanContinuing(delivery.traceparent, `webhook.process ${delivery.plugin}`, span, async () => {
        await webhook.handle(this.host.context(plugin, `webhook:${delivery.plugin}:${delivery.id}`), {
          id: delivery.id,
          deliveryId: delivery.deliveryId,
          topic: delivery.topic,
          headers: JSON.parse(delivery.headersJson) as Record<string, string>,
          rawBody: delivery.body,
          attempt: delivery.attempts,
        });
        await this.finish(id, token, {
          status: WebhookDeliveryStatus.PROCESSED,
          nextAttemptAt: null,
          lastError: null,
          processedAt: clock.now(),
        });
      });
      webhookDeliveries.inc({ plugin: delivery.plugin, status: 'processed' });
    } catch (error) {
      await this.failed(delivery, token, error);
    }
  }

  /** A renewal that fails (database down) is only logged: the next one, or the successor, settles it. */
  private async renew(id: number, token: string): Promise<void> {
    const until = new Date(Date.now() + this.config.webhookLeaseMs);
    try {
      const held = await this.db.transaction((manager) => this.deliveries.renew(manager, id, token, until));
      if (!held)
        this.logger.warn({ delivery: id }, 'webhook delivery lease lost: another worker took it over');
    } catch (error) {
      this.logger.warn({ delivery: id, err: error }, 'webhook delivery lease not renewed');
    }
  }

  /** Writes go through a transaction: on SQLite a bare write would join whatever transaction is open. */
  private async finish(
    id: number,
    token: string,
    changes: Parameters<WebhookDeliveriesRepository['finish']>[3],
  ): Promise<void> {
    const held = await this.db.transaction((manager) => this.deliveries.finish(manager, id, token, changes));
    if (!held) {
      this.logger.warn(
        { delivery: id },
        'webhook delivery taken over by another worker: outcome not recorded',
      );
    }
  }

  private async failed(delivery: WebhookDelivery, token: string, error: unknown): Promise<void> {
    const message = (error as Error)?.message ?? String(error);
    const permanent = isPermanentDeliveryFailure(error) || PERMANENT_CODES.includes(errorCode(error) ?? '');
    const giveUp = permanent || delivery.attempts >= this.config.webhookMaxAttempts;
    webhookDeliveries.inc({ plugin: delivery.plugin, status: giveUp ? 'failed' : 'retried' });
    const delay = Math.min(this.config.webhookRetryBaseMs * 4 ** (delivery.attempts - 1), MAX_BACKOFF_MS);
    this.host.recordError(
      delivery.plugin,
      `delivery ${delivery.id} (${delivery.topic}) attempt ${delivery.attempts}: ${message}`,
    );
    this.logger.warn(
      { plugin: delivery.plugin, delivery: delivery.id, attempt: delivery.attempts, err: error, giveUp },
      'webhook delivery failed',
    );
    await this.finish(delivery.id, token, {
      status: giveUp ? WebhookDeliveryStatus.FAILED : WebhookDeliveryStatus.PENDING,
      nextAttemptAt: giveUp ? null : new Date(Date.now() + delay),
      lastError: `${permanent ? '' : `attempt ${delivery.attempts}: `}${message}`.slice(0, 1000),
      processedAt: null,
    });
  }
}
