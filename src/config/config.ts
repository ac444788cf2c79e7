import path from 'node:path';
import type { OutboundWebhooksConfig } from '../modules/outbound-webhooks';
import { isSupportedCountry } from 'libphonenumber-js/max';
import type { DatabaseTimeouts } from '../data/data-source';
import { parseSecretsKey } from '../common/secret-box';
import { DEVELOPMENT_JWT_SECRET, DEVELOPMENT_PLUGIN_SECRETS_KEY, isPublicSecret } from './public-secrets';
import { readRateLimitConfig, type RateLimitConfig } from '../server/rate-limit/rate-limit.config';
import {
  readJobsConfig,
  readRetentionConfig,
  type JobsConfig,
  type RetentionConfig,
} from '../jobs/jobs-config';

export { DEVELOPMENT_JWT_SECRET };

/**
 * Runtime configuration, read once from the environment and validated up front so that a bad value
 * stops the process with one clear line per problem instead of failing later in a request.
 */
export type NodeEnv = 'development' | 'test' | 'production';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface AppConfig {
  nodeEnv: NodeEnv;
  port: number;
  host: string;
  databaseUrl: string;
  /** How long the server waits on the database before answering SERVICE_UNAVAILABLE. */
  databaseTimeouts: DatabaseTimeouts;
  redisUrl?: string;
  jwt: { secret?: string; jwksUrl?: string; issuer?: string; audience?: string };
  /** The support console's OIDC sign-in: client id at the JWT_ISSUER identity provider, and scopes. */
  console: { oidcClientId?: string; oidcScope: string };
  logLevel: LogLevel;
  seedDemoData: boolean;
  /** Run the modules' background jobs (expiry, unlocks, tier review, benefits) in this process. */
  jobsEnabled: boolean;
  /** Which jobs this instance runs, their cron schedules and time zone, the queue (src/jobs/jobs-config.ts). */
  jobs: JobsConfig;
  /** How long activity, idempotency keys, webhook bodies and job runs are kept (retention jobs). */
  retention: RetentionConfig;
  /** Outbound webhooks to partner endpoints (OUTBOUND_WEBHOOK_* variables). */
  outboundWebhooks: OutboundWebhooksConfig;
  /** Origins allowed to call /graphql from a browser; `true` reflects any origin (development default). */
  corsOrigins: boolean | string[];
  limits: GraphQLLimits;
  /** Request, expensive-operation, failed-authentication, webhook and WS connection budgets (RATE_LIMIT_*). */
  rateLimits: RateLimitConfig;
  plugins: PluginsConfig;
  /** Country whose national phone numbers members may type without +code (ISO 3166-1, e.g. DE); none: + required. */
  defaultPhoneRegion?: string;
  /** Prometheus /metrics: off unless METRICS_PORT or METRICS_TOKEN is set (src/observability/metrics-endpoint.ts). */
  metrics: { port?: number; host: string; token?: string };
  /** Development defaults or publicly known secrets in use (never in production): logged loudly at start. */
  warnings: string[];
}

export interface PluginsConfig {
  /** Plugins to load: first-party names (plugins/<name>), paths, or npm package names. */
  load: string[];
  /** 32 bytes (hex or base64) that seal plugin secrets at rest; absent outside production = a dev key. */
  secretsKey?: string;
  /** Inbound webhook deliveries: attempts before FAILED, and the first retry delay (then ×4, max 1 h). */
  webhookMaxAttempts: number;
  webhookRetryBaseMs: number;
  /**
   * A worker's lease on the delivery it runs, renewed every third of it while it works: how soon another
   * worker (or the restarted process) takes over a delivery whose worker died.
   */
  webhookLeaseMs: number;
}

export interface GraphQLLimits {
  bodyBytes: number;
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
  maxTokens: number;
  /** A socket whose client has not taken queued data for this long is closed (slow consumer). */
  subscriptionStallMs: number;
  /** Subscriptions open at once on one socket, and for one principal across this process's sockets. */
  subscriptionsPerConnection: number;
  subscriptionsPerPrincipal: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const NODE_ENVS: NodeEnv[] = ['development', 'test', 'production'];
const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function defaultSqliteUrl(cwd = process.cwd()): string {
  return `sqlite:${path.join(cwd, 'data', 'loyalty.sqlite')}`;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];
  const read = new EnvReader(env, problems);

  const nodeEnv = read.oneOf('NODE_ENV', NODE_ENVS, 'development');
  const port = read.integer('PORT', 4000, 0, 65535);
  const host = env.HOST?.trim() || '0.0.0.0';
  const databaseUrl = read.databaseUrl('DATABASE_URL');
  const databaseTimeouts: DatabaseTimeouts = {
    connectMs: read.integer('DB_CONNECT_TIMEOUT_MS', 5_000, 100, 600_000),
    acquireMs: read.integer('DB_ACQUIRE_TIMEOUT_MS', 5_000, 100, 600_000),
    queryMs: read.integer('DB_QUERY_TIMEOUT_MS', 10_000, 100, 3_600_000),
  };
  const redisUrl = read.url('REDIS_URL', ['redis:', 'rediss:']);
  const jwksUrl = read.url('JWKS_URL', ['http:', 'https:']);
  let secret = env.JWT_SECRET || undefined;
  if (secret !== undefined && secret.length < 32) {
    problems.push('JWT_SECRET must be at least 32 characters (HS256 needs a 256-bit key)');
  }
  if (!secret && !jwksUrl) {
    if (nodeEnv === 'production')
      problems.push('JWT_SECRET or JWKS_URL is required when NODE_ENV=production');
    else secret = DEVELOPMENT_JWT_SECRET;
  }
  const warnings: string[] = [];
  if (secret !== undefined && isPublicSecret(secret)) {
    if (nodeEnv === 'production')
      problems.push(
        'JWT_SECRET is a publicly known value (committed in the repository): anyone could mint an admin token; generate one with openssl rand -base64 48',
      );
    else
      warnings.push(
        'JWT_SECRET is a publicly known development value: anyone can mint tokens for this server',
      );
  }
  const logLevel = read.oneOf('LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info');
  const seedDemoData = read.boolean('SEED_DEMO_DATA', nodeEnv !== 'production');
  // Off in tests: they run jobs explicitly with a chosen `now`.
  const jobs = readJobsConfig(env, nodeEnv, problems);
  const jobsEnabled = jobs.run !== 'none';
  const retention = readRetentionConfig(env, problems);
  const outboundWebhooks: OutboundWebhooksConfig = {
    allowedHosts: (env.OUTBOUND_WEBHOOKS_ALLOWED_HOSTS ?? '')
      .split(',')
      .map((host) => host.trim().toLowerCase())
      .filter(Boolean),
    allowLoopback: nodeEnv !== 'production',
    timeoutMs: read.integer('OUTBOUND_WEBHOOK_TIMEOUT_MS', 10_000, 100, 60_000),
    maxAttempts: read.integer('OUTBOUND_WEBHOOK_MAX_ATTEMPTS', 10, 1, 50),
    retryBaseMs: read.integer('OUTBOUND_WEBHOOK_RETRY_BASE_MS', 15_000, 1, 3_600_000),
    pauseAfterFailures: read.integer('OUTBOUND_WEBHOOK_PAUSE_AFTER_FAILURES', 20, 1, 10_000),
    leaseMs: read.integer('OUTBOUND_WEBHOOK_LEASE_MS', 30_000, 300, 3_600_000),
    bodyRetentionDays: read.integer('OUTBOUND_WEBHOOK_BODY_RETENTION_DAYS', 14, 1, 36_500),
    failedBodyRetentionDays: read.integer('OUTBOUND_WEBHOOK_FAILED_BODY_RETENTION_DAYS', 90, 1, 36_500),
    secretsKey: null, // set below, with the plugins' key
  };
  const corsOrigins = env.CORS_ORIGINS
    ? env.CORS_ORIGINS.split(',')
        .map((origin) => origin.trim())
        .filter(Boolean)
    : nodeEnv !== 'production';
  const limits: GraphQLLimits = {
    bodyBytes: read.integer('GRAPHQL_MAX_BODY_BYTES', 100_000, 1_000, 50_000_000),
    maxDepth: read.integer('GRAPHQL_MAX_DEPTH', 10, 2, 100),
    maxAliases: read.integer('GRAPHQL_MAX_ALIASES', 30, 1, 1_000),
    maxCost: read.integer('GRAPHQL_MAX_COST', 5_000, 10, 10_000_000),
    maxTokens: read.integer('GRAPHQL_MAX_TOKENS', 5_000, 100, 1_000_000),
    subscriptionStallMs: read.integer('SUBSCRIPTION_STALL_MS', 30_000, 100, 3_600_000),
    subscriptionsPerConnection: read.integer('SUBSCRIPTIONS_PER_CONNECTION', 20, 1, 10_000),
    subscriptionsPerPrincipal: read.integer('SUBSCRIPTIONS_PER_PRINCIPAL', 50, 1, 100_000),
  };

  const rateLimits = readRateLimitConfig(env, nodeEnv, problems);

  const defaultPhoneRegion = env.DEFAULT_PHONE_REGION?.trim().toUpperCase() || undefined;
  if (defaultPhoneRegion !== undefined && !isSupportedCountry(defaultPhoneRegion)) {
    problems.push(
      `DEFAULT_PHONE_REGION must be a two-letter country code with a telephone numbering plan, e.g. DE (got "${env.DEFAULT_PHONE_REGION}")`,
    );
  }

  const plugins: PluginsConfig = {
    load: (env.PLUGINS ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean),
    secretsKey: env.PLUGIN_SECRETS_KEY || undefined,
    webhookMaxAttempts: read.integer('WEBHOOK_MAX_ATTEMPTS', 8, 1, 100),
    webhookRetryBaseMs: read.integer('WEBHOOK_RETRY_BASE_MS', 30_000, 1, 3_600_000),
    webhookLeaseMs: read.integer('WEBHOOK_LEASE_MS', 15_000, 300, 3_600_000),
  };
  if (
    plugins.secretsKey !== undefined &&
    !/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/.test(plugins.secretsKey)
  ) {
    problems.push(
      'PLUGIN_SECRETS_KEY must be 32 bytes as 64 hex characters or base64 (openssl rand -hex 32)',
    );
  }
  if (nodeEnv === 'production' && plugins.load.length > 0 && !plugins.secretsKey) {
    problems.push('PLUGIN_SECRETS_KEY is required when NODE_ENV=production and PLUGINS is set');
  }
  if (plugins.secretsKey !== undefined && isPublicSecret(plugins.secretsKey)) {
    if (nodeEnv === 'production')
      problems.push(
        'PLUGIN_SECRETS_KEY is a publicly known value (committed in the repository); generate one with openssl rand -hex 32',
      );
    else warnings.push('PLUGIN_SECRETS_KEY is a publicly known development value');
  }
  // Outbound webhook secrets are sealed with the same key (see modules/outbound-webhooks/endpoint-secrets.ts).
  outboundWebhooks.secretsKey = plugins.secretsKey
    ? parseSecretsKey(plugins.secretsKey)
    : nodeEnv === 'production'
      ? null
      : Buffer.from(DEVELOPMENT_PLUGIN_SECRETS_KEY, 'hex');
  if (nodeEnv === 'production' && !plugins.secretsKey) {
    warnings.push(
      'PLUGIN_SECRETS_KEY is not set: outbound webhook endpoints cannot be created or rotated (their secrets are sealed with it)',
    );
  }
  if (plugins.load.length > 0 && plugins.secretsKey === undefined && nodeEnv !== 'production') {
    warnings.push('PLUGIN_SECRETS_KEY is not set: plugin secrets are sealed with the public development key');
  }
  const metrics = {
    port: env.METRICS_PORT ? read.integer('METRICS_PORT', 0, 0, 65535) : undefined,
    host: env.METRICS_HOST?.trim() || host,
    token: env.METRICS_TOKEN || undefined,
  };
  if (metrics.token !== undefined && metrics.token.length < 16)
    problems.push('METRICS_TOKEN must be at least 16 characters (openssl rand -hex 16)');
  if (metrics.token !== undefined && isPublicSecret(metrics.token)) {
    if (nodeEnv === 'production')
      problems.push(
        'METRICS_TOKEN is a publicly known value (committed in the repository); generate one with openssl rand -hex 16',
      );
    else warnings.push('METRICS_TOKEN is a publicly known development value');
  }
  if (corsOrigins === true) warnings.push('CORS_ORIGINS is not set: any web origin may call /graphql');

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    nodeEnv,
    port,
    host,
    databaseUrl,
    databaseTimeouts,
    redisUrl,
    jwt: { secret, jwksUrl, issuer: env.JWT_ISSUER || undefined, audience: env.JWT_AUDIENCE || undefined },
    console: {
      oidcClientId: env.CONSOLE_OIDC_CLIENT_ID?.trim() || undefined,
      oidcScope: env.CONSOLE_OIDC_SCOPE?.trim() || 'openid profile email',
    },
    logLevel,
    seedDemoData,
    jobsEnabled,
    jobs,
    retention,
    outboundWebhooks,
    corsOrigins,
    limits,
    rateLimits,
    plugins,
    defaultPhoneRegion,
    metrics,
    warnings,
  };
}

class EnvReader {
  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly problems: string[],
  ) {}

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
    return fallback;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      this.problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if (['1', 'true', 'yes'].includes(raw)) return true;
    if (['0', 'false', 'no'].includes(raw)) return false;
    this.problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  }

  url(name: string, protocols: string[]): string | undefined {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return undefined;
    try {
      const parsed = new URL(raw);
      if (protocols.includes(parsed.protocol)) return raw;
    } catch {
      // reported below
    }
    this.problems.push(`${name} must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);
    return undefined;
  }

  /** Absent means the embedded SQLite file; otherwise `mysql://`, `mariadb://` or `sqlite:<path>`. */
  databaseUrl(name: string): string {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return defaultSqliteUrl();
    if (raw.startsWith('sqlite:')) return raw;
    const url = this.url(name, ['mysql:', 'mariadb:']);
    if (url === undefined) {
      this.problems.pop();
      this.problems.push(`${name} must be mysql://user:pass@host:port/db, mariadb://... or sqlite:<file>`);
      return defaultSqliteUrl();
    }
    return url;
  }
}
