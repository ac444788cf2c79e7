import type { IncomingMessage } from 'node:http';
import type { GraphQLError } from 'graphql';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Principal } from '../../auth/principal';
import { TokenExpiredError } from '../../auth/token-verifier';
import { callerOf } from './caller';
import { clientAddress } from './client-address';
import { RateLimitedError } from './rate-limited.error';
import { retryAfterSeconds } from './rate-limit-headers';
import { authFailureKey, type RateLimits } from './rate-limits';

/**
 * Close code for a socket refused by a rate limit (a connection flood, or too many failed
 * authentications). In the 4000-4999 range applications own, after HTTP's 429 like graphql-ws's own
 * 4400/4401/4403 codes; clients should reconnect no sooner than the reason's "retry in N s".
 */
export const RATE_LIMITED_CLOSE_CODE = 4429;

/** New connections per address: past the budget a socket is closed with 4429 as soon as it opens. */
export function limitConnectionFloods(wsServer: WebSocketServer, limits: RateLimits): void {
  if (!limits.enabled) return;
  wsServer.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    void limits.consumeConnection(clientAddress(request)).then((decision) => {
      if (decision && !decision.allowed)
        socket.close(
          RATE_LIMITED_CLOSE_CODE,
          `Too many connections: retry in ${retryAfterSeconds(decision)} s`,
        );
    });
  });
}

/**
 * connection_init's credential under the failed-authentication budget (the same per-address budget as
 * over HTTP): a blocked address is closed with 4429 before its token is read, a failure past the budget
 * closes with 4429 instead of 4403. Throws what `verify` throws (or RATE_LIMITED).
 */
export async function authenticateSocket<T>(
  limits: RateLimits | undefined,
  extra: { socket: WebSocket; request: IncomingMessage },
  verify: () => Promise<T>,
): Promise<T> {
  if (!limits?.enabled) return verify();
  const key = authFailureKey(clientAddress(extra.request));
  const closeRefused = (seconds: number) => {
    extra.socket.close(
      RATE_LIMITED_CLOSE_CODE,
      `Too many failed authentication attempts: retry in ${seconds} s`,
    );
  };
  if (limits.authBlockedMs(key) > 0) {
    const decision = limits.blockedDecision(key);
    closeRefused(retryAfterSeconds(decision));
    throw new RateLimitedError(decision, 'socket');
  }
  try {
    return await verify();
  } catch (error) {
    if (error instanceof TokenExpiredError) throw error;
    const decision = await limits.recordAuthFailure(key, 'anonymous');
    if (decision && !decision.allowed) closeRefused(retryAfterSeconds(decision));
    throw error;
  }
}

/**
 * One subscribe message spends the caller's request budget (shared with HTTP), and an expensive
 * operation its expensive budget too. Refused: an error message for that operation (RATE_LIMITED with
 * `retryAfter`), the socket and its other operations stay up.
 */
export async function admitSocketOperation(
  limits: RateLimits | undefined,
  principal: Principal | null,
  request: IncomingMessage,
  expensive: () => boolean,
): Promise<GraphQLError | null> {
  if (!limits?.enabled) return null;
  const caller = callerOf(principal, clientAddress(request));
  const decision = await limits.consumeRequest(caller);
  if (decision && !decision.allowed) return new RateLimitedError(decision, 'socket');
  if (!expensive()) return null;
  const costly = await limits.consumeExpensive(caller);
  if (costly && !costly.allowed) return new RateLimitedError(costly, 'socket');
  return null;
}
