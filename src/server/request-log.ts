import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Principal } from '../auth/principal';
import { serializeErrorForLog } from '../common/log-redaction';
import type { GraphQLContext } from '../graphql/context';

interface SerializedRequest {
  id?: unknown;
  method?: string;
  url?: string;
  raw?: IncomingMessage;
}

/**
 * What pino-http writes about each request: the method and path, never the query string (a GraphQL
 * GET carries `query` and `variables` there, with emails or phones), nor any header (authorization,
 * API keys and cookies are credentials). The request id ties the line to the error logs. pino-http
 * replaces the logger's serializers with its own, so errors are given the redacting one again here.
 */
export const requestLogSerializers = {
  req: (req: SerializedRequest) => ({
    id: req.id,
    method: req.method,
    path: (req.raw?.url ?? req.url ?? '').split('?')[0],
  }),
  res: (res: { statusCode?: number; raw?: ServerResponse }) => ({
    statusCode: res.statusCode ?? res.raw?.statusCode,
  }),
  err: serializeErrorForLog,
};

/**
 * What the request line says about a GraphQL request: the operation's name and kind, who called (role
 * and principal id: a member id, a staff subject, `api-key:<id>`) and the outcome (`OK` or the first
 * error's code). Never the query text or variable values. Filled in as the request goes: the caller
 * when the context is built, the rest by `requestLogPlugin`; pino-http adds it when the response ends.
 */
export interface GraphQLRequestLog {
  role: string;
  caller: string | null;
  operation?: string;
  kind?: string;
  outcome?: string;
}

// A symbol on the context object itself: Apollo hands each operation a shallow copy of the context,
// which keeps own symbol properties but not the identity a WeakMap would need.
const REQUEST_LOG = Symbol('graphql request log');
type WithRequestLog = { [REQUEST_LOG]?: GraphQLRequestLog };

/** Starts the request's GraphQL log fields, kept on the response for pino-http's `customProps`. */
export function startGraphQLRequestLog(
  context: object,
  res: { locals?: Record<string, unknown> },
  principal: Principal | null,
): void {
  const log: GraphQLRequestLog = { role: principal?.role ?? 'anonymous', caller: principal?.subject ?? null };
  (context as WithRequestLog)[REQUEST_LOG] = log;
  if (res.locals) res.locals.graphql = log;
}

/** pino-http `customProps`: the GraphQL fields of the request line, when it was a GraphQL request. */
export function graphqlLogProps(_req: IncomingMessage, res: ServerResponse): Record<string, unknown> {
  const graphql = (res as ServerResponse & { locals?: { graphql?: GraphQLRequestLog } }).locals?.graphql;
  return graphql ? { graphql } : {};
}

export function requestLogPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart({ contextValue }) {
      const log = (contextValue as WithRequestLog | undefined)?.[REQUEST_LOG];
      if (!log) return;
      return {
        async didResolveOperation({ operationName, operation }) {
          log.operation = operationName ?? '(anonymous)';
          log.kind = operation?.operation;
        },
        async willSendResponse({ response }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          log.outcome = errors?.length ? String(errors[0].extensions?.code ?? 'ERROR') : 'OK';
        },
      };
    },
  };
}
