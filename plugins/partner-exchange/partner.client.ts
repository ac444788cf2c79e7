import type { CircuitBreaker } from './circuit-breaker';
import { sign } from './partner-signature';

export interface OutboundTransferRequest {
  transferId: string;
  partnerMemberId: string;
  points: number;
}

/** CREDITED: the partner has the points. REJECTED: it refused, nothing credited. UNKNOWN: no answer. */
export type PartnerOutcome =
  | { kind: 'CREDITED'; partnerReference: string | null; calls: number }
  | { kind: 'REJECTED'; reason: string; calls: number }
  | { kind: 'UNKNOWN'; reason: string; calls: number }
  | { kind: 'CIRCUIT_OPEN'; calls: number };

/** Answers that say nothing about whether the partner credited: timeout, conflict (in flight), rate limit. */
const AMBIGUOUS_4XX = [408, 409, 429];

/**
 * POST <endpoint>/transfers with our transfer id, signed; the partner credits each transfer id once
 * and answers the same for a repeat. Each call has a tight timeout; timeouts, network errors, 5xx and
 * 408/409/429 are retried with exponential backoff (same transfer id, so a late first call and a
 * retry credit once), through the partner's circuit breaker. Another 4xx is the partner's refusal,
 * but only while nothing is ambiguous: once a call of this transfer may have reached the partner
 * (`mayHaveBeenSent`, or an earlier attempt here went unanswered), only an explicit
 * `{ status: "REJECTED", transferId: <ours> }` counts as "not credited"; any other 4xx stays UNKNOWN.
 * `beforeCall` runs (and is awaited) before every HTTP call, so the caller can persist that the
 * transfer may now have been sent before it leaves this process.
 */
export async function sendTransfer(
  partner: { endpoint: string; apiKey: string; sharedSecret: string },
  request: OutboundTransferRequest,
  breaker: CircuitBreaker,
  limits: { timeoutMs: number; attempts: number; retryBaseMs: number },
  hooks: { mayHaveBeenSent?: boolean; beforeCall?: (callsSoFar: number) => Promise<void> } = {},
): Promise<PartnerOutcome> {
  let lastReason = 'not sent';
  let calls = 0;
  let ambiguous = hooks.mayHaveBeenSent ?? false;
  for (let attempt = 0; attempt < limits.attempts; attempt++) {
    if (attempt > 0) await sleep(limits.retryBaseMs * 2 ** (attempt - 1));
    if (!breaker.tryAcquire()) {
      return calls === 0
        ? { kind: 'CIRCUIT_OPEN', calls }
        : { kind: 'UNKNOWN', reason: `${lastReason}; circuit open`, calls };
    }
    await hooks.beforeCall?.(calls);
    calls++;
    const body = JSON.stringify({ ...request, program: 'loyalty-bff' });
    // The partner checks this against its own wall clock (replay window), so it is the machine's time,
    // not the programme's business date.
    // eslint-disable-next-line no-restricted-syntax
    const timestamp = Math.floor(Date.now() / 1000);
    try {
      const response = await fetch(new URL('transfers', withSlash(partner.endpoint)), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${partner.apiKey}`,
          'x-loyalty-signature': `t=${timestamp},v1=${sign(partner.sharedSecret, timestamp, body)}`,
        },
        body,
        signal: AbortSignal.timeout(limits.timeoutMs),
      });
      const answer = (await response.json().catch(() => ({}))) as {
        status?: string;
        reference?: string;
        reason?: string;
        transferId?: string;
      };
      if (response.ok && answer.status === 'CREDITED') {
        breaker.succeeded();
        return { kind: 'CREDITED', partnerReference: answer.reference ?? null, calls };
      }
      if (response.status >= 400 && response.status < 500 && !AMBIGUOUS_4XX.includes(response.status)) {
        // The partner answered: it is up. Whether it did not credit depends on what came before.
        breaker.succeeded();
        const explicit = answer.status === 'REJECTED' && answer.transferId === request.transferId;
        const reason = `${response.status} ${answer.reason ?? 'refused'}`.slice(0, 500);
        if (!ambiguous || explicit) return { kind: 'REJECTED', reason, calls };
        return { kind: 'UNKNOWN', reason: `${reason} (not an explicit rejection of this transfer)`, calls };
      }
      lastReason = `HTTP ${response.status}`;
    } catch (error) {
      lastReason =
        (error as Error).name === 'TimeoutError'
          ? `no answer within ${limits.timeoutMs} ms`
          : (error as Error).message;
    }
    ambiguous = true;
    breaker.failed();
  }
  return { kind: 'UNKNOWN', reason: lastReason.slice(0, 500), calls };
}

const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
