import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { clock } from '../common/clock';
import type { Logger } from '../common/logger';
import type { Database } from '../data/database';
import {
  ActivityRepository,
  resolveCriteria,
  type ActivityCriteria,
  type ActivityEvent,
  type ActivityFeedSource,
  type ActivityTierSource,
} from '../modules/activity';
import { ActivityHub } from './activity-hub';
import { ActivityStream } from './activity-stream';
import { onActivityCommitted } from './commit-listener';
import { InMemoryPubSub } from './in-memory.pubsub';
import { DEFAULT_TAILER_OPTIONS, OutboxTailer, type TailerOptions } from './outbox-tailer';
import type { PublishedOutbox } from './published-outbox';
import type { PubSub } from './pubsub';
import { RedisPubSub } from './redis.pubsub';

export interface LiveActivityOptions {
  db: Database;
  databaseUrl: string;
  redisUrl?: string;
  tiers: ActivityTierSource;
  logger: Logger;
  tailer?: Partial<TailerOptions>;
}

/**
 * The events runtime of one server process: after-commit notifications over PubSub (in memory, or
 * Redis across processes), the outbox tailer that publishes committed events in id order, and the
 * subscribers' streams. Implements the activity module's feed port.
 */
export class LiveActivity implements ActivityFeedSource, PublishedOutbox {
  private readonly streams = new Set<ActivityStream>();
  private readonly repository = new ActivityRepository();
  private readonly tailer: OutboxTailer;
  private hub = new ActivityHub(0);
  private unsubscribe: (() => Promise<void>) | null = null;
  private detach: (() => void) | null = null;

  private constructor(
    private readonly options: LiveActivityOptions,
    private readonly pubsub: PubSub,
    private readonly channel: string,
  ) {
    this.tailer = new OutboxTailer(
      options.db,
      this.repository,
      (events, horizon) => this.publish(events, horizon),
      options.logger,
      { ...DEFAULT_TAILER_OPTIONS, ...options.tailer },
    );
  }

  static async start(options: LiveActivityOptions): Promise<LiveActivity> {
    let pubsub: PubSub;
    if (options.redisUrl) {
      const redis = new RedisPubSub(options.redisUrl, options.logger);
      await redis.connect();
      pubsub = redis;
    } else pubsub = new InMemoryPubSub();
    const live = new LiveActivity(options, pubsub, channelFor(options.databaseUrl));
    try {
      live.hub = new ActivityHub(await live.tailer.start());
      live.unsubscribe = await pubsub.subscribe(live.channel, () => live.tailer.poke());
      live.detach = onActivityCommitted(options.db.dataSource, () => {
        live.tailer.poke();
        pubsub
          .publish(live.channel, 'committed')
          .catch((err: unknown) =>
            options.logger.warn({ err }, 'activity notification not published; peers will poll'),
          );
      });
    } catch (error) {
      await live.stop();
      throw error;
    }
    return live;
  }

  horizon(): number {
    return this.hub.horizon();
  }

  catchUp(): Promise<number> {
    return this.tailer.sync().then(() => this.hub.horizon());
  }

  /** The background consumers' read (plugins' handlers, outbound webhooks): unfiltered, below the horizon. */
  readAfter(afterId: number, limit: number): Promise<ActivityEvent[]> {
    return this.repository.range(this.options.db.manager, {}, afterId, this.hub.horizon(), limit);
  }

  subscriberCount(): number {
    return this.streams.size;
  }

  /**
   * For the outbox lag gauges: the newest committed id against the published horizon, and how long the
   * oldest committed event above the horizon has waited (0 when none does). Read like the tailer reads:
   * on SQLite inside the transaction queue, so another transaction's uncommitted rows do not count.
   */
  async outboxBacklog(): Promise<{ newestId: number; horizon: number; oldestUnpublishedAgeSeconds: number }> {
    const horizon = this.horizon();
    const read = async (manager: EntityManager) => {
      const newestId = await this.repository.maxId(manager);
      const [oldest] = newestId > horizon ? await this.repository.tail(manager, horizon, 1) : [];
      return { newestId, oldest };
    };
    const { db } = this.options;
    const { newestId, oldest } = db.kind === 'mysql' ? await read(db.manager) : await db.transaction(read);
    const ageMs = oldest ? clock.now().getTime() - oldest.occurredAt.getTime() : 0;
    return { newestId, horizon, oldestUnpublishedAgeSeconds: Math.max(0, ageMs) / 1000 };
  }

  open(criteria: ActivityCriteria, after: number | null): AsyncIterableIterator<ActivityEvent> {
    const resolved = resolveCriteria(criteria, this.options.tiers, this.options.db.manager);
    resolved.catch(() => undefined); // surfaces in the first replay read, where the subscriber sees it
    const stream = new ActivityStream(
      this.hub,
      criteria,
      after,
      async (afterId, throughId, limit) =>
        this.repository.range(this.options.db.manager, await resolved, afterId, throughId, limit),
      (closed) => this.streams.delete(closed),
    );
    this.streams.add(stream);
    return stream;
  }

  async stop(): Promise<void> {
    this.detach?.();
    await this.tailer.stop();
    await Promise.all([...this.streams].map((stream) => stream.return()));
    this.hub.wakeAll();
    await this.unsubscribe?.().catch(() => undefined);
    await this.pubsub.close();
  }

  /**
   * Moves the hub on. Nothing here can fail: the tier filter is applied when a stream reads (see
   * ActivityStream), so a batch is never published with a tier missing.
   */
  private publish(events: ActivityEvent[], horizon: number): void {
    this.hub.publish(events, horizon);
  }
}

/** One channel per database, so deployments (and test databases) sharing a Redis do not wake each other. */
function channelFor(databaseUrl: string): string {
  const withoutPassword = databaseUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1@');
  return `loyalty:activity:${createHash('sha256').update(withoutPassword).digest('hex').slice(0, 16)}`;
}
