import type { ApolloServerPlugin } from '@apollo/server';
import { callerOfContext } from './caller-of-context';
import { RateLimitedError } from './rate-limited.error';
import type { RateLimits } from './rate-limits';

/**
 * The stricter budget on expensive operations over HTTP: once the operation is known (after the cost
 * limit), one that selects an expensive root field also spends the caller's expensive budget. Refused:
 * 429 RATE_LIMITED with Retry-After and that budget's RateLimit-* headers.
 */
export function expensiveOperationsPlugin(limits: RateLimits): ApolloServerPlugin<object> {
  return {
    async requestDidStart() {
      if (!limits.enabled) return;
      return {
        async didResolveOperation({ document, operationName, contextValue }) {
          if (!limits.isExpensive(document, operationName)) return;
          const caller = callerOfContext(contextValue);
          if (!caller) return;
          const decision = await limits.consumeExpensive(caller);
          if (decision && !decision.allowed) throw new RateLimitedError(decision);
        },
      };
    },
  };
}
