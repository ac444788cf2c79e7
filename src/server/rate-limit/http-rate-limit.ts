import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Principal } from '../../auth/principal';
import { TokenExpiredError } from '../../auth/token-verifier';
import { UnauthenticatedError } from '../../common/errors';
import { callerOf, type Caller } from './caller';
import { clientAddress } from './client-address';
import type { Decision } from './decision';
import { RateLimitedError } from './rate-limited.error';
import { setRateLimitHeaders } from './rate-limit-headers';
import { authFailureKey, type RateLimits } from './rate-limits';

export interface AdmittedRequest {
  principal: Principal | null;
  caller: Caller;
}

/**
 * A /graphql request through its budgets: an address over its failed-authentication budget is refused
 * before its credential is even read; a credential that fails spends that budget (the failure past it
 * answers 429 instead of 401); then the caller's request budget. Throws RATE_LIMITED (429, Retry-After)
 * or the authentication error; the RateLimit-* headers of the budget spent are set on every answer.
 */
export async function admitHttpRequest(
  limits: RateLimits,
  request: IncomingMessage & { ip?: string },
  response: ServerResponse,
  authenticate: () => Promise<Principal | null>,
): Promise<AdmittedRequest> {
  const address = clientAddress(request);
  if (!limits.enabled) return { principal: await authenticate(), caller: callerOf(null, address) };
  const authKey = authFailureKey(address);
  const { headers } = request;
  if ((headers.authorization || headers['x-api-key']) && limits.authBlockedMs(authKey) > 0) {
    refuse(response, limits.blockedDecision(authKey));
  }
  let principal: Principal | null;
  try {
    principal = await authenticate();
  } catch (error) {
    if (error instanceof UnauthenticatedError && !(error instanceof TokenExpiredError)) {
      const decision = await limits.recordAuthFailure(authKey, 'anonymous');
      if (decision) answer(response, decision);
    }
    throw error;
  }
  const caller = callerOf(principal, address);
  const decision = await limits.consumeRequest(caller);
  if (decision) answer(response, decision);
  return { principal, caller };
}

function answer(response: ServerResponse, decision: Decision): void {
  setRateLimitHeaders(response, decision);
  if (!decision.allowed) throw new RateLimitedError(decision);
}

function refuse(response: ServerResponse, decision: Decision): never {
  setRateLimitHeaders(response, decision);
  throw new RateLimitedError(decision);
}
