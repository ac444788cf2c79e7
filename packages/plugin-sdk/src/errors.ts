import { GraphQLError } from 'graphql';
import { hasBrand, sdkSymbol } from './brand';

const WEBHOOK_REJECTION = sdkSymbol('WebhookRejection');
const PERMANENT_FAILURE = sdkSymbol('PermanentDeliveryFailure');
const RETRY_LATER = sdkSymbol('RetryLaterFailure');

/**
 * Errors a plugin raises on purpose. `WebhookRejection` refuses a request before anything is written
 * (the host answers its status and message); `PermanentDeliveryFailure` marks a delivery FAILED at once
 * instead of retrying (a payload no retry can fix). The host recognises them with the `is...` guards
 * below, which also accept errors made by another copy of this package.
 */
export class WebhookRejection extends Error {
  readonly [WEBHOOK_REJECTION] = true;

  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422,
    message: string,
  ) {
    super(message);
  }
}

export function webhookError(status: WebhookRejection['status'], message: string): WebhookRejection {
  return new WebhookRejection(status, message);
}

export class PermanentDeliveryFailure extends Error {
  readonly [PERMANENT_FAILURE] = true;
}

export function permanentFailure(message: string): PermanentDeliveryFailure {
  return new PermanentDeliveryFailure(message);
}

/**
 * The delivery came too early (a refund before its order): retried with backoff like any failure,
 * and FAILED, visible to admins, only when the attempts run out.
 */
export class RetryLaterFailure extends Error {
  readonly [RETRY_LATER] = true;
}

export function retryLater(message: string): RetryLaterFailure {
  return new RetryLaterFailure(message);
}

export const isWebhookRejection = (error: unknown): error is WebhookRejection =>
  hasBrand(error, WEBHOOK_REJECTION);
export const isPermanentDeliveryFailure = (error: unknown): error is PermanentDeliveryFailure =>
  hasBrand(error, PERMANENT_FAILURE);
export const isRetryLaterFailure = (error: unknown): error is RetryLaterFailure =>
  hasBrand(error, RETRY_LATER);

/** The `extensions.code` of an error a context method threw (e.g. IDEMPOTENCY_MISMATCH), if any. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The codes a plugin's GraphQL operations may answer (the core's closed set, less transport errors). */
export const PLUGIN_ERROR_CODES = [
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'INTERNAL_SERVER_ERROR',
  'INSUFFICIENT_POINTS',
  'IDEMPOTENCY_MISMATCH',
  'OUT_OF_STOCK',
  'LIMIT_REACHED',
  'TIER_REQUIRED',
  'RATE_LIMITED',
  'SERVICE_UNAVAILABLE',
  'SUBSCRIPTION_REQUIRES_WEBSOCKET',
  'PERSISTED_QUERY_NOT_FOUND',
] as const;
export type PluginErrorCode = (typeof PLUGIN_ERROR_CODES)[number];

/** An error with `extensions.code` from the closed set, for a plugin's resolvers and services. */
export function pluginError(code: PluginErrorCode, message: string, extra: Record<string, unknown> = {}) {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

/** BAD_USER_INPUT naming the field, as the core's validation answers. */
export function fieldError(field: string, message: string) {
  return pluginError('BAD_USER_INPUT', message, { fields: [{ field, messages: [message] }] });
}
