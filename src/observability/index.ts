/** Prometheus metrics and OpenTelemetry tracing; tracing's bootstrap is `./tracing` (loaded first by main.ts). */
export { countGraphQLStatements, recordHttpMetrics } from './http-metrics';
export {
  collectProcessMetrics,
  metricsEnabled,
  metricsRoute,
  startMetricsServer,
  type MetricsServer,
  type MetricsSettings,
} from './metrics-endpoint';
export { gaugeSources, reportLiveActivity, type OutboxBacklog, type WebhookQueueRow } from './gauge-sources';
export {
  liveFieldDuration,
  liveFieldTimeouts,
  subscriptionEventsDelivered,
  webhookDeliveries,
} from './metrics';
export { currentTraceparent, inSpanContinuing } from './trace-context';
