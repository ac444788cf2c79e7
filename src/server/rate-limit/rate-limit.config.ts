/** Who a request budget belongs to: a signed-in caller by role, or an anonymous IP address. */
export type RateLimitRole = 'anonymous' | 'member' | 'staff' | 'admin' | 'partner';

/** A number of points (requests, attempts, connections) per window of seconds. */
export interface Budget {
  points: number;
  windowSeconds: number;
}

export interface RateLimitConfig {
  enabled: boolean;
  /** Requests (HTTP) and operations (graphql-ws) per caller. */
  requests: Record<RateLimitRole, Budget>;
  /** Operations that select one of `expensiveFields` at their root, per caller, on top of `requests`. */
  expensive: Budget;
  expensiveFields: string[];
  /** Failed authentications (bad token, bad API key, bad webhook signature) per IP; then 429. */
  failedAuth: Budget;
  /** Inbound webhook requests per plugin and IP (platforms burst; members are never the key). */
  webhooks: Budget;
  /** New WebSocket connections per IP (a flood is closed with 4429). */
  wsConnections: Budget;
  /** Redis key prefix, so several deployments (or tests) can share one Redis. */
  keyPrefix: string;
}

/** Operations whose cost is in the database rather than in the response size (KPIs, exports, searches). */
export const DEFAULT_EXPENSIVE_FIELDS = [
  'programKpis',
  'feedbackSummary',
  'memberInsights',
  'members',
  'auditLog',
  'exportMemberData',
  'recomputeRecommendations',
];

/**
 * The test suite and the benchmarks send thousands of requests from 127.0.0.1: under NODE_ENV=test the
 * default budgets are this many times larger, so the limiter runs (and costs what it costs) but only
 * bites when a test sets a budget through the environment.
 */
const TEST_DEFAULT_FACTOR = 10_000;

/** Reads the RATE_LIMIT_* variables; problems are added to the configuration's list. */
export function readRateLimitConfig(
  env: NodeJS.ProcessEnv,
  nodeEnv: string,
  problems: string[],
): RateLimitConfig {
  const factor = nodeEnv === 'test' ? TEST_DEFAULT_FACTOR : 1;
  const window = readInteger(env, 'RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86_400, problems);
  const budget = (name: string, points: number, windowSeconds = window): Budget => ({
    points: readInteger(env, name, points * factor, 1, 1_000_000_000, problems),
    windowSeconds,
  });
  return {
    enabled: readEnabled(env, problems),
    requests: {
      anonymous: budget('RATE_LIMIT_ANONYMOUS', 300),
      member: budget('RATE_LIMIT_MEMBER', 600),
      staff: budget('RATE_LIMIT_STAFF', 3_000),
      admin: budget('RATE_LIMIT_ADMIN', 3_000),
      partner: budget('RATE_LIMIT_PARTNER', 6_000),
    },
    expensive: budget('RATE_LIMIT_EXPENSIVE', 30),
    expensiveFields: readList(env.RATE_LIMIT_EXPENSIVE_FIELDS) ?? DEFAULT_EXPENSIVE_FIELDS,
    failedAuth: budget(
      'RATE_LIMIT_FAILED_AUTH',
      20,
      readInteger(env, 'RATE_LIMIT_FAILED_AUTH_WINDOW_SECONDS', 900, 1, 86_400, problems),
    ),
    webhooks: budget('RATE_LIMIT_WEBHOOKS', 6_000),
    wsConnections: budget('RATE_LIMIT_WS_CONNECTIONS', 60),
    keyPrefix: env.RATE_LIMIT_KEY_PREFIX?.trim() || 'loyalty:rl',
  };
}

function readEnabled(env: NodeJS.ProcessEnv, problems: string[]): boolean {
  const raw = env.RATE_LIMIT_ENABLED;
  if (raw === undefined || raw === '' || ['1', 'true', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'no'].includes(raw)) return false;
  problems.push(`RATE_LIMIT_ENABLED must be true or false (got "${raw}")`);
  return true;
}

function readInteger(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
    return fallback;
  }
  return value;
}

function readList(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  return raw
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
}
