import { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { DocumentNode } from 'graphql';
import type { Logger } from '../../common/logger';
import type { Caller } from './caller';
import type { Decision } from './decision';
import { selectsExpensiveField } from './expensive-operations';
import type { Budget, RateLimitConfig, RateLimitRole } from './rate-limit.config';
import { rateLimitedTotal, type RateLimitScope } from './rate-limit.metrics';

/** How long a request waits on Redis before the in-memory insurance decides instead. */
const REDIS_COMMAND_TIMEOUT_MS = 500;
/** Addresses remembered as blocked for failed authentication, at most (oldest forgotten first). */
const MAX_BLOCKED_ADDRESSES = 10_000;

/**
 * The process's rate limits (rate-limiter-flexible). Each budget is one limiter: RateLimiterRedis when
 * REDIS_URL is set, so every instance spends the same budget, with a RateLimiterMemory of the same size
 * as its insurance; RateLimiterMemory alone otherwise. One consume per request per budget: a Map update
 * in memory, or one Redis round trip (a Lua script).
 *
 * Fail-open: when Redis is down or slow (over REDIS_COMMAND_TIMEOUT_MS), the insurance limiter decides,
 * so each instance enforces the full budget alone (N instances let a caller through up to N times the
 * budget) and the API stays up. A limiter should not be the reason the service is unavailable.
 *
 * `null` from a method means "no limit applies" (RATE_LIMIT_ENABLED=false): no headers, no refusal.
 */
export class RateLimits {
  private readonly requests: Record<RateLimitRole, RateLimiterAbstract>;
  private readonly expensive: RateLimiterAbstract;
  private readonly failedAuth: RateLimiterAbstract;
  private readonly webhooks: RateLimiterAbstract;
  private readonly wsConnections: RateLimiterAbstract;
  private readonly expensiveFields: ReadonlySet<string>;
  /** Addresses over their failed-authentication budget, until when (ms): refused before any check. */
  private readonly blockedUntil = new Map<string, number>();

  private constructor(
    readonly config: RateLimitConfig,
    private readonly logger: Logger,
    private readonly redis: Redis | undefined,
  ) {
    const make = (name: string, budget: Budget) => this.limiter(name, budget);
    const { requests } = config;
    this.requests = {
      anonymous: make('req:anonymous', requests.anonymous),
      member: make('req:member', requests.member),
      staff: make('req:staff', requests.staff),
      admin: make('req:admin', requests.admin),
      partner: make('req:partner', requests.partner),
    };
    this.expensive = make('expensive', config.expensive);
    this.failedAuth = make('auth', config.failedAuth);
    this.webhooks = make('webhook', config.webhooks);
    this.wsConnections = make('ws', config.wsConnections);
    this.expensiveFields = new Set(config.expensiveFields);
  }

  static async create(config: RateLimitConfig, redisUrl: string | undefined, logger: Logger) {
    if (!config.enabled || !redisUrl) return new RateLimits(config, logger, undefined);
    const redis = new Redis(redisUrl, {
      lazyConnect: true,
      // Queued commands would hold requests while Redis is away; failing at once lets insurance decide.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
      // Back soon after an outage (the insurance limits per instance meanwhile), at most every 2 s.
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
      disconnectTimeout: 200,
    });
    redis.on('error', (err) => logger.warn({ err }, 'rate limit redis error: in-memory limits decide'));
    // Not fatal: until Redis answers, each instance limits on its own (see the class comment).
    await redis.connect().catch((err: unknown) => logger.warn({ err }, 'rate limit redis unreachable'));
    return new RateLimits(config, logger, redis);
  }

  get enabled(): boolean {
    return this.config.enabled;
  }

  /** One HTTP request or one graphql-ws operation. */
  consumeRequest(caller: Caller): Promise<Decision | null> {
    return this.take(this.requests[caller.role], caller.key, 'request', caller.role);
  }

  isExpensive(document: DocumentNode, operationName: string | null | undefined): boolean {
    return this.enabled && selectsExpensiveField(document, operationName, this.expensiveFields);
  }

  /** An operation that selects an expensive field, on top of `consumeRequest`. */
  consumeExpensive(caller: Caller): Promise<Decision | null> {
    return this.take(this.expensive, caller.key, 'expensive', caller.role);
  }

  /**
   * Milliseconds this address must still wait after too many failed authentications (0: none). Checked
   * before a credential is, from memory only: a blocked address costs no Redis round trip, no token
   * verification and no API-key lookup. `key` is `authFailureKey(...)`.
   */
  authBlockedMs(key: string): number {
    const until = this.blockedUntil.get(key);
    if (until === undefined) return 0;
    // The machine's clock, as the limiters use: this is scheduling, not a business time.
    const left = until - Date.now();
    if (left > 0) return left;
    this.blockedUntil.delete(key);
    return 0;
  }

  /**
   * A bad token, API key or webhook signature. Refused (allowed: false) once over the budget; the
   * failure that spends the last point already blocks the address here, so the next attempt is refused
   * before its credential is read (a webhook's 401 has been sent by the time it is counted).
   */
  async recordAuthFailure(key: string, role: RateLimitRole | 'webhook'): Promise<Decision | null> {
    const decision = await this.take(this.failedAuth, key, 'auth', role);
    if (decision && (!decision.allowed || decision.remaining === 0)) this.block(key, decision.resetMs);
    return decision;
  }

  /** The failed-authentication decision for an address already known to be blocked. */
  blockedDecision(key: string): Decision {
    const { points, windowSeconds } = this.config.failedAuth;
    rateLimitedTotal.inc({ scope: 'auth', role: key.startsWith('webhook:') ? 'webhook' : 'anonymous' });
    return {
      allowed: false,
      scope: 'auth',
      limit: points,
      windowSeconds,
      remaining: 0,
      resetMs: this.authBlockedMs(key),
    };
  }

  consumeWebhook(plugin: string, address: string): Promise<Decision | null> {
    return this.take(this.webhooks, `${plugin}:${address}`, 'webhook', 'webhook');
  }

  consumeConnection(address: string): Promise<Decision | null> {
    return this.take(this.wsConnections, address, 'connection', 'anonymous');
  }

  async close(): Promise<void> {
    if (!this.redis) return;
    // quit() waits for a connection; one that is down or reconnecting is just dropped.
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis?.disconnect());
    else this.redis.disconnect();
  }

  private block(key: string, ms: number): void {
    if (this.blockedUntil.size >= MAX_BLOCKED_ADDRESSES) {
      const oldest = this.blockedUntil.keys().next().value;
      if (oldest !== undefined) this.blockedUntil.delete(oldest);
    }
    this.blockedUntil.delete(key);
    this.blockedUntil.set(key, Date.now() + ms);
  }

  private async take(
    limiter: RateLimiterAbstract,
    key: string,
    scope: RateLimitScope,
    role: string,
  ): Promise<Decision | null> {
    if (!this.config.enabled) return null;
    const budget = this.budgetOf(scope, role);
    try {
      return decisionOf(true, scope, budget, await limiter.consume(key));
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        rateLimitedTotal.inc({ scope, role });
        return decisionOf(false, scope, budget, rejection);
      }
      // Both the store and its insurance failed: let the request through (fail-open, see above).
      this.logger.warn({ err: rejection, scope }, 'rate limiter failed: request let through');
      return null;
    }
  }

  private budgetOf(scope: RateLimitScope, role: string): Budget {
    switch (scope) {
      case 'request':
        return this.config.requests[role as RateLimitRole];
      case 'expensive':
        return this.config.expensive;
      case 'auth':
        return this.config.failedAuth;
      case 'webhook':
        return this.config.webhooks;
      case 'connection':
        return this.config.wsConnections;
    }
  }

  private limiter(name: string, budget: Budget): RateLimiterAbstract {
    const keyPrefix = `${this.config.keyPrefix}:${name}`;
    const options = { keyPrefix, points: budget.points, duration: budget.windowSeconds };
    if (!this.redis) return new RateLimiterMemory(options);
    return new RateLimiterRedis({
      ...options,
      storeClient: this.redis,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory(options),
    });
  }
}

/** The failed-authentication budget's key: per address, and per plugin for webhook signatures. */
export function authFailureKey(address: string, plugin?: string): string {
  return plugin === undefined ? `graphql:${address}` : `webhook:${plugin}:${address}`;
}

function decisionOf(allowed: boolean, scope: RateLimitScope, budget: Budget, res: RateLimiterRes): Decision {
  return {
    allowed,
    scope,
    limit: budget.points,
    windowSeconds: budget.windowSeconds,
    remaining: res.remainingPoints,
    resetMs: res.msBeforeNext,
  };
}
