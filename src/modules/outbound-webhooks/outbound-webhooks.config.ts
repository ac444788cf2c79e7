/** Outbound webhook settings (OUTBOUND_WEBHOOK_* variables, read in src/config). */
export interface OutboundWebhooksConfig {
  /** Host names or IP addresses that may be private (e.g. a partner's VPN address); production refuses others. */
  allowedHosts: string[];
  /** Loopback receivers are allowed outside production (development, tests). */
  allowLoopback: boolean;
  timeoutMs: number;
  /** Attempts before a delivery ends FAILED (the first one included). */
  maxAttempts: number;
  /** First retry delay; each next one 4× longer (at most 8 h), with jitter: about a day over 10 attempts. */
  retryBaseMs: number;
  /** Failed attempts in a row (no success between) that pause the endpoint. */
  pauseAfterFailures: number;
  leaseMs: number;
  /** Days a DELIVERED delivery keeps its body (for replays) before the retention job clears it. */
  bodyRetentionDays: number;
  /** Days after it was queued that a FAILED delivery keeps its body for an admin's replay. */
  failedBodyRetentionDays: number;
  /**
   * The key endpoint secrets are sealed with at rest (PLUGIN_SECRETS_KEY; outside production the
   * public development key when it is unset); null in production without one (see EndpointSecrets).
   */
  secretsKey: Buffer | null;
}

export const DEFAULT_OUTBOUND_WEBHOOKS: OutboundWebhooksConfig = {
  allowedHosts: [],
  allowLoopback: false,
  timeoutMs: 10_000,
  maxAttempts: 10,
  retryBaseMs: 15_000,
  pauseAfterFailures: 20,
  leaseMs: 30_000,
  bodyRetentionDays: 14,
  failedBodyRetentionDays: 90,
  secretsKey: null,
};

const MAX_DELAY_MS = 8 * 3_600_000;

/**
 * Exponential backoff with "equal jitter": half the nominal delay fixed, half random, so endpoints that
 * failed together do not retry together. Nominal 15 s, 1 min, 4 min ... 8 h: ≈ 22 h on average to the
 * 10th attempt.
 */
export function retryDelayMs(config: OutboundWebhooksConfig, attempt: number, random = Math.random): number {
  const nominal = Math.min(config.retryBaseMs * 4 ** (attempt - 1), MAX_DELAY_MS);
  return Math.round(nominal / 2 + (random() * nominal) / 2);
}
