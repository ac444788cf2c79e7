import type { ApolloServerPlugin } from '@apollo/server';
import { AppError, ErrorCode } from '../common/errors';

const MESSAGE = 'Subscriptions are served over WebSocket (graphql-ws protocol) on /graphql, not over HTTP';

/**
 * Refuses a subscription sent over HTTP with 400 SUBSCRIPTION_REQUIRES_WEBSOCKET, before anything
 * runs. Executed over HTTP, its root field has no event source and would fail as an internal error.
 * The operation is the one `operationName` picks, so a document may still hold subscriptions next to
 * the query or mutation sent.
 */
export function httpSubscriptionGuardPlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation === 'subscription') {
            throw new AppError(ErrorCode.SUBSCRIPTION_REQUIRES_WEBSOCKET, MESSAGE, {}, 400);
          }
        },
        async willSendResponse({ request, operation, response }) {
          // Over GET, Apollo refuses every non-query before didResolveOperation, with 405 and
          // "Allow: POST"; for a subscription POST would not do either, so say what would.
          if (request.http?.method !== 'GET' || operation?.operation !== 'subscription') return;
          response.http.status = 400;
          response.http.headers.delete('allow');
          response.body = {
            kind: 'single',
            singleResult: {
              errors: [{ message: MESSAGE, extensions: { code: ErrorCode.SUBSCRIPTION_REQUIRES_WEBSOCKET } }],
            },
          };
        },
      };
    },
  };
}
