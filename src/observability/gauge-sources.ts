/**
 * Where the gauges read their values at scrape time. The parts that know a figure (the live activity
 * runtime, the webhook worker, the WebSocket server) register a source when they start and remove it
 * when they stop; the gauge in metrics.ts asks every registered source. One process normally has one
 * of each, but tests start several servers in one process, so sources are sets, not singletons.
 */
export interface OutboxBacklog {
  newestId: number;
  horizon: number;
  /** 0 when every committed event is published. */
  oldestUnpublishedAgeSeconds: number;
}

export interface WebhookQueueRow {
  plugin: string;
  status: string;
  count: number;
}

type Counted = 'websocketConnections' | 'subscribers';

const outbox = new Set<() => Promise<OutboxBacklog>>();
const webhookQueues = new Set<() => Promise<WebhookQueueRow[]>>();
const counted: Record<Counted, Set<() => number>> = {
  websocketConnections: new Set(),
  subscribers: new Set(),
};

function add<T>(set: Set<T>, source: T): () => void {
  set.add(source);
  return () => void set.delete(source);
}

/** What registering returns: call it to stop reporting (at shutdown). */
export type Unregister = () => void;

export const gaugeSources = {
  reportOutboxBacklog: (source: () => Promise<OutboxBacklog>): Unregister => add(outbox, source),
  reportWebhookQueue: (source: () => Promise<WebhookQueueRow[]>): Unregister => add(webhookQueues, source),
  reportCount: (name: Counted, source: () => number): Unregister => add(counted[name], source),

  /** The most lagging source's backlog; a failing source (database down) is left out of this scrape. */
  async outboxBacklog(): Promise<OutboxBacklog | null> {
    const backlogs = await settled([...outbox].map((source) => source()));
    return backlogs.reduce<OutboxBacklog | null>(
      (worst, next) =>
        !worst || next.newestId - next.horizon > worst.newestId - worst.horizon ? next : worst,
      null,
    );
  },

  async webhookQueue(): Promise<WebhookQueueRow[]> {
    const totals = new Map<string, WebhookQueueRow>();
    for (const rows of await settled([...webhookQueues].map((source) => source()))) {
      for (const row of rows) {
        const key = `${row.plugin}\u0000${row.status}`;
        const total = totals.get(key) ?? { ...row, count: 0 };
        total.count += row.count;
        totals.set(key, total);
      }
    }
    return [...totals.values()];
  },

  sum(name: Counted): number {
    let total = 0;
    for (const source of counted[name]) total += source();
    return total;
  },
};

async function settled<T>(promises: Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(promises);
  return results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
}

/** The live activity runtime's figures (outbox lag, subscribers) for the gauges; returns the unregister. */
export function reportLiveActivity(live: {
  outboxBacklog(): Promise<OutboxBacklog>;
  subscriberCount(): number;
}): Unregister {
  const removals = [
    gaugeSources.reportOutboxBacklog(() => live.outboxBacklog()),
    gaugeSources.reportCount('subscribers', () => live.subscriberCount()),
  ];
  return () => removals.forEach((remove) => remove());
}
