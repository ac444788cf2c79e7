import type { EndpointSecrets } from './endpoint-secrets';
import { randomUUID } from 'node:crypto';
import { clock, systemClock } from '../../common/clock';
import type { Logger } from '../../common/logger';
import type { Database } from '../../data/database';
import { asBackgroundWork } from '../../data/sql-statement-counter';
import { endpointWants, webhookBody } from './event-matching';
import { OutboundWebhookDeliveryStatus as S } from './outbound-webhook-delivery.entity';
import { outboundWebhookDeliveriesTotal, outboundWebhookQueueDepth } from './outbound-webhook.metrics';
import { retryDelayMs, type OutboundWebhooksConfig } from './outbound-webhooks.config';
import { type OutboundWebhooksRepository, CLEARED_BODY } from './outbound-webhooks.repository';
import type { PublishedEvents } from './published-events.port';
import { signedHeaders } from './webhook-signature';
import { sendWebhook, webhookAgents } from './webhook-sender';

const POLL_MS = 1_000;
const EVENTS_PER_BATCH = 500;
const DELIVERIES_PER_BATCH = 50;
const SENDS_IN_PARALLEL = 8;

/** Runs `work` over `items`, at most `limit` at a time. */
async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/**
 * The background half of outbound webhooks, in every server process:
 * 1. fan-out: reads the published outbox after a shared cursor and queues one delivery per matching
 *    endpoint, moving the cursor in the same transaction by a conditional update (an instance that
 *    lost the race rolls back; the unique (endpoint, event) key is the second guard);
 * 2. delivery: claims due deliveries with a lease (conditional update, renewed while sending), signs
 *    and POSTs them, and records the outcome only while it still holds the lease.
 * Scheduling reads `clock.now()`, so a test moves retries on by moving the clock, never by sleeping.
 */
export class OutboundWebhookWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private again = false;
  private readonly agents = webhookAgents();

  constructor(
    private readonly db: Database,
    private readonly repository: OutboundWebhooksRepository,
    private readonly events: PublishedEvents,
    private readonly config: OutboundWebhooksConfig,
    private readonly logger: Logger,
    private readonly secrets: EndpointSecrets,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.kick(), POLL_MS);
    this.timer.unref();
  }

  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    // Background work: its statements are not counted against a request a test happens to measure.
    this.running = asBackgroundWork(() => this.runOnce())
      .catch((error: unknown) => this.logger.error({ err: error }, 'outbound webhook worker failed'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Queues what is committed now and sends what is due now (retries scheduled later wait). For tests. */
  async drain(): Promise<void> {
    await this.events.catchUp();
    while (this.running) await this.running;
    this.kick();
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    while (this.running) await this.running;
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private async runOnce(): Promise<void> {
    while (await this.fanOut());
    for (;;) {
      const ids = await this.repository.due(this.db.manager, clock.now(), DELIVERIES_PER_BATCH);
      if (ids.length === 0) break;
      // In parallel: one slow partner must not hold every other endpoint's deliveries behind it. Safe
      // for the per-member order: `due` answers only the oldest open delivery of a member and endpoint.
      let broken = false;
      await inParallel(ids, SENDS_IN_PARALLEL, (id) =>
        this.deliver(id).catch((error: unknown) => {
          broken = true;
          this.logger.error({ err: error, delivery: id }, 'outbound webhook delivery failed to run');
        }),
      );
      if (broken) break; // e.g. the database is down: try again at the next poll, not in a tight loop
    }
    outboundWebhookQueueDepth.set(await this.repository.waiting(this.db.manager));
  }

  /** One batch of the outbox into the queue; true when there may be more. */
  private async fanOut(): Promise<boolean> {
    const cursor = await this.repository.cursor(this.db.manager);
    if (cursor === null) {
      // The migration starts the cursor; a database restored without that row starts at what is published now.
      const at = this.events.horizon();
      // false when another instance started it first (its insert won): read theirs at the next run.
      return this.db
        .transaction((manager) => this.repository.startCursor(manager, at))
        .then(
          () => true,
          () => false,
        );
    }
    if (cursor >= this.events.horizon()) return false; // nothing published since: no read
    const events = await this.events.readAfter(cursor, EVENTS_PER_BATCH);
    if (events.length === 0) return false;
    const endpoints = await this.repository.endpoints(this.db.manager);
    const now = clock.now();
    const rows = events.flatMap((event) =>
      endpoints
        .filter((endpoint) => endpointWants(endpoint, event))
        .map((endpoint) => ({
          endpointId: endpoint.id,
          eventId: event.id,
          eventType: event.type,
          memberId: event.memberId,
          status: S.PENDING,
          attempts: 0,
          replays: 0,
          nextAttemptAt: now,
          lockedUntil: null,
          lockToken: null,
          body: webhookBody(event),
          lastStatusCode: null,
          lastError: null,
          lastResponseBody: null,
          deliveredAt: null,
          createdAt: now,
          updatedAt: now,
        })),
    );
    const from = cursor;
    const to = events[events.length - 1].id;
    const moved = await this.db.transaction(async (manager) => {
      if (!(await this.repository.moveCursor(manager, from, to))) return false;
      await this.repository.insertDeliveries(manager, rows);
      return true;
    });
    return moved && events.length === EVENTS_PER_BATCH;
  }

  private async deliver(id: number): Promise<void> {
    const token = randomUUID();
    const leaseMs = this.config.leaseMs;
    const claimed = await this.db.transaction((m) =>
      this.repository.claim(m, id, clock.now(), leaseMs, token),
    );
    if (!claimed) return;
    const delivery = (await this.repository.delivery(this.db.manager, id))!;
    const endpoint = await this.repository.endpoint(this.db.manager, delivery.endpointId);
    if (!endpoint) return;
    if (delivery.body === CLEARED_BODY) {
      // The member was erased (or retention cleared it) after it was queued: nothing left to send.
      outboundWebhookDeliveriesTotal.inc({ status: 'cancelled' });
      await this.db.transaction((manager) =>
        this.repository.finish(manager, id, token, {
          status: S.CANCELLED,
          nextAttemptAt: clock.now(),
          lastStatusCode: null,
          lastError: 'not sent: its body was cleared (member erased)',
          lastResponseBody: null,
          deliveredAt: null,
        }),
      );
      return;
    }
    const now = clock.now();
    const secrets = [this.secrets.open(endpoint.secret)];
    if (endpoint.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now)
      secrets.push(this.secrets.open(endpoint.previousSecret));
    // webhook-timestamp is a transport time, like HTTP's Date: when this attempt leaves, on the machine's
    // clock, never the business clock (`clock`, pinned in tests and support replays). Receivers reject
    // a timestamp more than a few minutes from their own clock (replay protection), so a retry or an
    // admin's replay days later carries its own send time, signed, with the same webhook-id.
    const headers = signedHeaders(
      secrets,
      `evt_${delivery.eventId}`,
      Math.floor(systemClock.now().getTime() / 1000),
      delivery.body,
    );
    const heartbeat = setInterval(() => void this.renew(id, token), Math.max(100, Math.floor(leaseMs / 3)));
    heartbeat.unref();
    let result;
    try {
      result = await sendWebhook(endpoint.url, headers, delivery.body, {
        timeoutMs: this.config.timeoutMs,
        policy: this.config,
        agents: this.agents,
      });
    } finally {
      clearInterval(heartbeat);
    }
    const giveUp = !result.ok && delivery.attempts >= this.config.maxAttempts;
    const outcome = result.ok ? 'delivered' : giveUp ? 'failed' : 'retrying';
    outboundWebhookDeliveriesTotal.inc({ status: outcome });
    await this.db.transaction(async (manager) => {
      const held = await this.repository.finish(manager, id, token, {
        status: result.ok ? S.DELIVERED : giveUp ? S.FAILED : S.PENDING,
        nextAttemptAt:
          result.ok || giveUp ? now : new Date(now.getTime() + retryDelayMs(this.config, delivery.attempts)),
        lastStatusCode: result.statusCode,
        lastError: result.error ? `attempt ${delivery.attempts}: ${result.error}`.slice(0, 1000) : null,
        lastResponseBody: result.responseBody,
        deliveredAt: result.ok ? now : null,
      });
      if (!held) return;
      if (result.ok) await this.repository.recordSuccess(manager, endpoint.id);
      else if (
        await this.repository.recordFailure(
          manager,
          endpoint.id,
          this.config.pauseAfterFailures,
          `paused after ${this.config.pauseAfterFailures} failed attempts in a row; last: ${result.error}`,
        )
      )
        this.logger.warn(
          { endpoint: endpoint.id },
          'outbound webhook endpoint paused after repeated failures',
        );
    });
    if (!result.ok)
      this.logger.warn(
        { endpoint: endpoint.id, delivery: id, attempt: delivery.attempts, giveUp },
        'outbound webhook failed',
      );
  }

  private async renew(id: number, token: string): Promise<void> {
    try {
      const until = new Date(clock.now().getTime() + this.config.leaseMs);
      await this.db.transaction((manager) => this.repository.renew(manager, id, token, until));
    } catch (error) {
      this.logger.warn({ delivery: id, err: error }, 'outbound webhook lease not renewed');
    }
  }
}
