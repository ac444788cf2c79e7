import { SpanKind, trace, type Attributes, type Context, type Link } from '@opentelemetry/api';
import { tracing } from '@opentelemetry/sdk-node';

/**
 * The sampler named by OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG (default parentbased_always_on),
 * except that a database or Redis call outside any request or job span is not recorded. The outbox
 * tailer and the webhook worker poll every second: without this, each poll's statement would be a
 * trace of its own, thousands an hour of one-span traces drowning the ones worth reading. A statement
 * inside a traced request, webhook processing or job is sampled as its parent says.
 */
export class StatementsNeedAParentSampler implements tracing.Sampler {
  constructor(private readonly delegate: tracing.Sampler = samplerFromEnv(process.env)) {}

  shouldSample(
    context: Context,
    traceId: string,
    name: string,
    kind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): tracing.SamplingResult {
    if (kind === SpanKind.CLIENT && !trace.getSpanContext(context))
      return { decision: tracing.SamplingDecision.NOT_RECORD };
    return this.delegate.shouldSample(context, traceId, name, kind, attributes, links);
  }

  toString(): string {
    return `StatementsNeedAParent{${this.delegate.toString()}}`;
  }
}

/** The standard OTEL_TRACES_SAMPLER values, as the SDK reads them. */
export function samplerFromEnv(env: NodeJS.ProcessEnv): tracing.Sampler {
  const ratio = Number(env.OTEL_TRACES_SAMPLER_ARG ?? '1');
  const fraction = Number.isFinite(ratio) && ratio >= 0 && ratio <= 1 ? ratio : 1;
  switch (env.OTEL_TRACES_SAMPLER?.trim()) {
    case 'always_on':
      return new tracing.AlwaysOnSampler();
    case 'always_off':
      return new tracing.AlwaysOffSampler();
    case 'parentbased_always_off':
      return new tracing.ParentBasedSampler({ root: new tracing.AlwaysOffSampler() });
    case 'traceidratio':
      return new tracing.TraceIdRatioBasedSampler(fraction);
    case 'parentbased_traceidratio':
      return new tracing.ParentBasedSampler({ root: new tracing.TraceIdRatioBasedSampler(fraction) });
    default:
      return new tracing.ParentBasedSampler({ root: new tracing.AlwaysOnSampler() });
  }
}
