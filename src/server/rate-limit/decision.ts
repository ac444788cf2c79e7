import type { RateLimitScope } from './rate-limit.metrics';

/** What one budget said about one request: allowed or not, and where the caller stands in the window. */
export interface Decision {
  allowed: boolean;
  scope: RateLimitScope;
  /** Points per window, and the window in seconds (for `RateLimit-Policy`). */
  limit: number;
  windowSeconds: number;
  remaining: number;
  /** Until the window ends and the budget is whole again. */
  resetMs: number;
}
