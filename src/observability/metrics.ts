import { Counter, Gauge, Histogram, register, type Metric } from 'prom-client';
import { gaugeSources } from './gauge-sources';

/**
 * Every metric this process records, on prom-client's default registry (the shared contract: other
 * areas, such as jobs, register theirs there too and /metrics serves them all). Each is created once per
 * process, at module load: tests start many servers in one process and prom-client throws when a name is
 * registered twice, so a metric already registered (by an earlier copy of this module) is reused.
 *
 * Labels are always bounded: operation names go through `operationLabel`, outcomes are error codes,
 * plugins are installed plugin names. Never a member id, an email, a raw query or a URL with its query.
 */
function once<T extends Metric>(name: string, create: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}

/** Seconds, from a fast cache hit to a slow export. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const httpRequestDuration = once(
  'loyalty_http_request_duration_seconds',
  () =>
    new Histogram({
      name: 'loyalty_http_request_duration_seconds',
      help: 'HTTP requests by method, route (first path segment) and status code',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: DURATION_BUCKETS,
    }),
);

export const graphqlRequestDuration = once(
  'loyalty_graphql_request_duration_seconds',
  () =>
    new Histogram({
      name: 'loyalty_graphql_request_duration_seconds',
      help: 'GraphQL requests over HTTP by operation name, kind and outcome (OK or the first error code)',
      labelNames: ['operation', 'kind', 'outcome'] as const,
      buckets: DURATION_BUCKETS,
    }),
);

export const graphqlSqlStatements = once(
  'loyalty_graphql_sql_statements',
  () =>
    new Histogram({
      name: 'loyalty_graphql_sql_statements',
      help: 'SQL statements one GraphQL request over HTTP sent (DataLoader batching keeps this flat), by operation',
      labelNames: ['operation', 'kind'] as const,
      buckets: [0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144],
    }),
);

export const outboxLagEvents = once(
  'loyalty_outbox_lag_events',
  () =>
    new Gauge({
      name: 'loyalty_outbox_lag_events',
      help: 'Committed activity events not yet published: newest activity_event id minus the published horizon',
      async collect() {
        const backlog = await gaugeSources.outboxBacklog();
        this.set(backlog ? Math.max(0, backlog.newestId - backlog.horizon) : 0);
      },
    }),
);

export const outboxOldestUnpublishedAge = once(
  'loyalty_outbox_oldest_unpublished_age_seconds',
  () =>
    new Gauge({
      name: 'loyalty_outbox_oldest_unpublished_age_seconds',
      help: 'Age of the oldest committed activity event not yet published (0 when the outbox is drained)',
      async collect() {
        const backlog = await gaugeSources.outboxBacklog();
        this.set(backlog?.oldestUnpublishedAgeSeconds ?? 0);
      },
    }),
);

export const webhookDeliveries = once(
  'loyalty_webhook_deliveries_total',
  () =>
    new Counter({
      name: 'loyalty_webhook_deliveries_total',
      help: 'Inbound webhook deliveries by plugin and status: received, duplicate, processed, retried, failed',
      labelNames: ['plugin', 'status'] as const,
    }),
);

export const webhookQueueDepth = once(
  'loyalty_webhook_queue_depth',
  () =>
    new Gauge({
      name: 'loyalty_webhook_queue_depth',
      help: 'Stored inbound webhook deliveries waiting (pending), being worked on (processing) or given up (failed, until replayed)',
      labelNames: ['plugin', 'status'] as const,
      async collect() {
        const rows = await gaugeSources.webhookQueue();
        this.reset();
        for (const row of rows) this.set({ plugin: row.plugin, status: row.status }, row.count);
      },
    }),
);

export const websocketConnections = once(
  'loyalty_websocket_connections',
  () =>
    new Gauge({
      name: 'loyalty_websocket_connections',
      help: 'Open graphql-ws sockets',
      collect() {
        this.set(gaugeSources.sum('websocketConnections'));
      },
    }),
);

export const subscriptionsOpen = once(
  'loyalty_subscriptions_open',
  () =>
    new Gauge({
      name: 'loyalty_subscriptions_open',
      help: 'Live activity subscribers (open subscription streams) in this process',
      collect() {
        this.set(gaugeSources.sum('subscribers'));
      },
    }),
);

export const subscriptionEventsDelivered = once(
  'loyalty_subscription_events_delivered_total',
  () =>
    new Counter({
      name: 'loyalty_subscription_events_delivered_total',
      help: 'Events sent to subscribers over graphql-ws (one per next message of a subscription)',
    }),
);

export const liveFieldDuration = once(
  'loyalty_plugin_live_field_duration_seconds',
  () =>
    new Histogram({
      name: 'loyalty_plugin_live_field_duration_seconds',
      help: "How long a plugin's live field kept a query waiting (cache misses), by plugin, field and outcome (ok, error, timeout)",
      labelNames: ['plugin', 'field', 'outcome'] as const,
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.8, 1, 2.5, 5],
    }),
);

export const liveFieldTimeouts = once(
  'loyalty_plugin_live_field_timeouts_total',
  () =>
    new Counter({
      name: 'loyalty_plugin_live_field_timeouts_total',
      help: 'Live field answers that took longer than their timeout (the fallback was served), by plugin and field',
      labelNames: ['plugin', 'field'] as const,
    }),
);
