/**
 * Loaded first by src/main.ts, before express, graphql, mysql2 or ioredis are required:
 * OpenTelemetry instruments a module by patching it as it is loaded, so anything required earlier
 * would go untraced. Off unless OTEL_* variables ask for it (see tracing-sdk.ts). Equivalent for
 * other entry points: `node --require ./dist/src/observability/tracing.js ...`.
 */
import { startTracing } from './tracing-sdk';

startTracing();
