import { Counter, register } from 'prom-client';

/** Which budget refused: per-caller requests, expensive operations, failed authentication, webhooks, WS connections. */
export type RateLimitScope = 'request' | 'expensive' | 'auth' | 'webhook' | 'connection';

/**
 * Refusals by budget and caller role (anonymous, member, staff, admin, partner, webhook). Defined once
 * per process on the default registry: tests start many servers in one process, and prom-client throws
 * when a name is registered twice. Labels are bounded: never an IP, a member id or a key.
 */
export const rateLimitedTotal =
  (register.getSingleMetric('loyalty_rate_limited_total') as Counter<'scope' | 'role'> | undefined) ??
  new Counter({
    name: 'loyalty_rate_limited_total',
    help: 'Requests, operations and connections refused by a rate limit, by budget (scope) and caller role',
    labelNames: ['scope', 'role'] as const,
  });
