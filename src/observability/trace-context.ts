import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';

/**
 * Carrying a trace across the webhook queue. The request that accepts a delivery stores its W3C
 * `traceparent`; the worker that processes the delivery (later, maybe in another instance, maybe after
 * retries) starts its span as a child of it, so the trace shows the acceptance and every attempt as
 * one story. Written by hand rather than through the global propagator: the stored value must be W3C
 * whatever OTEL_PROPAGATORS says, and it needs no SDK package at run time. Without tracing (no SDK
 * registered) there is no valid span: nothing is stored and the worker's span is a no-op.
 */
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const tracer = () => trace.getTracer('loyalty-bff');

/** The active span as a `traceparent` header value, or null when nothing is being traced. */
export function currentTraceparent(): string | null {
  const span = trace.getActiveSpan()?.spanContext();
  if (!span || !trace.isSpanContextValid(span)) return null;
  return `00-${span.traceId}-${span.spanId}-${span.traceFlags.toString(16).padStart(2, '0')}`;
}

/** Runs `work` in a new span, the child of the stored `traceparent` (a root span when there is none). */
export async function inSpanContinuing<T>(
  traceparent: string | null,
  name: string,
  attributes: Attributes,
  work: () => Promise<T>,
): Promise<T> {
  const match = traceparent ? TRACEPARENT.exec(traceparent) : null;
  const parent = match
    ? trace.setSpanContext(ROOT_CONTEXT, {
        traceId: match[1],
        spanId: match[2],
        traceFlags: parseInt(match[3], 16),
        isRemote: true,
      })
    : ROOT_CONTEXT;
  return tracer().startActiveSpan(name, { kind: SpanKind.CONSUMER, attributes }, parent, async (span) => {
    try {
      return await work();
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}
