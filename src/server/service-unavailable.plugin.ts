import type { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode, RETRY_AFTER_SECONDS } from '../common/errors';
import type { GraphQLContext } from '../graphql/context';

/**
 * HTTP 503 with `Retry-After` when a request failed as a whole because the database was unavailable
 * (no root field has a value and an error says SERVICE_UNAVAILABLE), so clients, proxies and load
 * balancers that never read the body still see "retry later" rather than 200 or 500. A partial result
 * stays 200: the client got data, and the error tells it which field to ask for again.
 */
export function serviceUnavailablePlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          if (!errors?.some((error) => error.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE)) return;
          if (data && Object.values(data).some((value) => value !== null)) return;
          const status = response.http.status;
          if (status !== undefined && status !== 200 && status !== 500) return;
          response.http.status = 503;
          response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
        },
      };
    },
  };
}
