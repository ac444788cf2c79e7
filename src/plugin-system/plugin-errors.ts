import { AppError, BadUserInputError, ErrorCode } from '../common/errors';

/**
 * Errors a plugin raises on purpose. `WebhookRejection` refuses a request before anything is written
 * (the host answers its status and message); `PermanentDeliveryFailure` marks a delivery FAILED at once
 * instead of retrying (a payload no retry can fix); `PluginLoadError` stops the server at start-up.
 */
export class WebhookRejection extends Error {
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

export class PermanentDeliveryFailure extends Error {}

export function permanentFailure(message: string): PermanentDeliveryFailure {
  return new PermanentDeliveryFailure(message);
}

/**
 * The delivery came too early (a refund before its order): retried with backoff like any failure,
 * and FAILED, visible to admins, only when the attempts run out.
 */
export class RetryLaterFailure extends Error {}

export function retryLater(message: string): RetryLaterFailure {
  return new RetryLaterFailure(message);
}

export class PluginLoadError extends Error {
  constructor(readonly problems: string[]) {
    super(`Plugins cannot be loaded:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** The `extensions.code` of an error a context method threw (e.g. IDEMPOTENCY_MISMATCH), if any. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The codes a plugin's GraphQL operations may answer (the core's closed set). */
export type PluginErrorCode = Exclude<
  ErrorCode,
  'GRAPHQL_PARSE_FAILED' | 'GRAPHQL_VALIDATION_FAILED' | 'QUERY_TOO_COMPLEX' | 'PAYLOAD_TOO_LARGE'
>;

/** An error with `extensions.code` from the closed set, for a plugin's resolvers and services. */
export function pluginError(code: PluginErrorCode, message: string, extra: Record<string, unknown> = {}) {
  return new AppError(code, message, extra);
}

/** BAD_USER_INPUT naming the field, as the core's validation answers. */
export function fieldError(field: string, message: string) {
  return BadUserInputError.field(field, message);
}
