import type { Decision } from './decision';

/**
 * The IETF draft's headers in their widely deployed form (draft-06, as express-rate-limit sends them):
 * `RateLimit-Policy: 300;w=60`, `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` (seconds
 * until the window ends), plus `Retry-After` when refused.
 */
export function rateLimitHeaders(decision: Decision): Record<string, string> {
  const headers: Record<string, string> = {
    'ratelimit-policy': `${decision.limit};w=${decision.windowSeconds}`,
    'ratelimit-limit': String(decision.limit),
    'ratelimit-remaining': String(decision.remaining),
    'ratelimit-reset': String(Math.max(0, Math.ceil(decision.resetMs / 1000))),
  };
  if (!decision.allowed) headers['retry-after'] = String(retryAfterSeconds(decision));
  return headers;
}

/** Whole seconds, at least 1: `Retry-After: 0` would invite an immediate retry that fails again. */
export function retryAfterSeconds(decision: Decision): number {
  return Math.max(1, Math.ceil(decision.resetMs / 1000));
}

/** Sets the headers on an HTTP response (Express or Node's own). */
export function setRateLimitHeaders(
  response: { setHeader(name: string, value: string): unknown },
  decision: Decision,
): void {
  for (const [name, value] of Object.entries(rateLimitHeaders(decision))) response.setHeader(name, value);
}
