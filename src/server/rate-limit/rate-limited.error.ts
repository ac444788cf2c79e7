import { AppError, ErrorCode } from '../../common/errors';
import type { Decision } from './decision';
import { rateLimitHeaders, retryAfterSeconds } from './rate-limit-headers';

const WHAT: Record<Decision['scope'], string> = {
  request: 'Too many requests',
  expensive: 'Too many expensive operations (KPIs, exports, searches)',
  auth: 'Too many failed authentication attempts from this address',
  webhook: 'Too many webhook requests',
  connection: 'Too many connections',
};

/**
 * RATE_LIMITED with HTTP 429, `Retry-After` and the budget's RateLimit-* headers. `retryAfter` (seconds)
 * and `scope` are in the extensions too, for graphql-ws clients that see no header.
 */
export class RateLimitedError extends AppError {
  /** `socket`: for a graphql-ws error message, which has no HTTP status or headers to carry. */
  constructor(decision: Decision, transport: 'http' | 'socket' = 'http') {
    const retryAfter = retryAfterSeconds(decision);
    super(ErrorCode.RATE_LIMITED, `${WHAT[decision.scope]}: retry in ${retryAfter} s`, {
      retryAfter,
      scope: decision.scope,
    });
    if (transport === 'http')
      this.extensions.http = { status: 429, headers: new Map(Object.entries(rateLimitHeaders(decision))) };
  }
}
