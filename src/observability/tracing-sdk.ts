import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { MySQL2Instrumentation } from '@opentelemetry/instrumentation-mysql2';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { traceSqliteStatements } from './sqlite-spans';
import { StatementsNeedAParentSampler, samplerFromEnv } from './tracing-sampler';

/** Requests that would only add noise: probes and scrapes. */
const UNTRACED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Tracing is off unless the operator asks for it with the standard variables: an exporter
 * (`OTEL_TRACES_EXPORTER=otlp|console|zipkin`) or an OTLP endpoint (`OTEL_EXPORTER_OTLP_ENDPOINT`,
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`); `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none` wins.
 */
export function tracingRequested(env: NodeJS.ProcessEnv): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '').split(',').map((name) => name.trim());
  if (exporters.includes('none')) return false;
  return (
    exporters.some((name) => name !== '') ||
    Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)
  );
}

/**
 * The OpenTelemetry Node SDK with the instrumentations this server needs, configured from OTEL_*
 * (exporter, endpoint, protocol, sampler, service name, resource attributes). Only traces: metrics are
 * Prometheus' (/metrics) and logs are pino's, so their OTLP exporters, which the SDK would otherwise
 * start by default, are off unless the operator names them. Nothing personal goes into a span: GraphQL
 * sources with literals masked and no variable values, SQL as statements with placeholders (mysql2's
 * default would format the values in), Redis by command name only, no GraphQL query string on GETs.
 */
export function createTracingSdk(env: NodeJS.ProcessEnv = process.env): NodeSDK {
  env.OTEL_METRICS_EXPORTER ??= 'none';
  env.OTEL_LOGS_EXPORTER ??= 'none';
  env.OTEL_SERVICE_NAME ??= 'loyalty-bff';
  return new NodeSDK({
    sampler: new StatementsNeedAParentSampler(samplerFromEnv(env)),
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.has((request.url ?? '').split('?')[0]),
        redactedQueryParamsServer: ['query', 'variables', 'extensions', 'operationName'],
      }),
      new ExpressInstrumentation(),
      new GraphQLInstrumentation({ allowValues: false, mergeItems: true, ignoreTrivialResolveSpans: true }),
      new MySQL2Instrumentation({ maskStatement: true }),
      new IORedisInstrumentation({ dbStatementSerializer: (command) => command }),
    ],
  });
}

let running: NodeSDK | undefined;

/** Starts tracing when the environment asks for it; idempotent. */
export function startTracing(env: NodeJS.ProcessEnv = process.env): boolean {
  if (running) return true;
  if (!tracingRequested(env)) return false;
  running = createTracingSdk(env);
  running.start();
  traceSqliteStatements();
  return true;
}

/** Flushes the spans still buffered (at shutdown, before the process exits). */
export async function stopTracing(): Promise<void> {
  const sdk = running;
  running = undefined;
  await sdk?.shutdown();
}
