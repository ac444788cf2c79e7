export type BreakerState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

/**
 * Per-partner circuit breaker, in this process: `threshold` consecutive failures open it; while open,
 * calls are refused without reaching the partner; after `cooldownMs` one trial call is let through
 * (half-open): success closes it, failure opens it again. A refusal by the partner is an answer, not
 * a failure. Counters feed partner health.
 */
export class CircuitBreaker {
  private consecutiveFailures = 0;
  private openedAt: number | null = null;
  private trialInFlight = false;
  calls = 0;
  failures = 0;

  constructor(
    private readonly threshold: () => number,
    private readonly cooldownMs: () => number,
  ) {}

  state(now = performance.now()): BreakerState {
    if (this.openedAt === null) return 'CLOSED';
    return now - this.openedAt >= this.cooldownMs() ? 'HALF_OPEN' : 'OPEN';
  }

  /** True when a call may go out now (and, half-open, reserves the single trial). */
  tryAcquire(now = performance.now()): boolean {
    const state = this.state(now);
    if (state === 'CLOSED') return true;
    if (state === 'OPEN' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  succeeded(): void {
    this.calls++;
    this.consecutiveFailures = 0;
    this.openedAt = null;
    this.trialInFlight = false;
  }

  failed(now = performance.now()): void {
    this.calls++;
    this.failures++;
    this.consecutiveFailures++;
    if (this.trialInFlight || this.consecutiveFailures >= this.threshold()) this.openedAt = now;
    this.trialInFlight = false;
  }

  get failuresInARow(): number {
    return this.consecutiveFailures;
  }
}

export class Breakers {
  private readonly byPartner = new Map<string, CircuitBreaker>();

  constructor(
    private readonly threshold: () => number,
    private readonly cooldownMs: () => number,
  ) {}

  of(partner: string): CircuitBreaker {
    let breaker = this.byPartner.get(partner);
    if (!breaker) {
      breaker = new CircuitBreaker(this.threshold, this.cooldownMs);
      this.byPartner.set(partner, breaker);
    }
    return breaker;
  }
}
