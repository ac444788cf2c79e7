import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import type { Principal } from '../auth/principal';
import type { Logger } from '../common/logger';
import type { GraphQLContext } from '../graphql/context';
import { requestIdOf } from './request-id';

/**
 * The request line, one per answered request (health probes aside), written when the response has
 * finished (or the connection closed first): `req` (request id, method and path, never the query
 * string: a GraphQL GET carries `query` and `variables` there, with emails or phones; never a header:
 * authorization, API keys and cookies are credentials), `res.statusCode`, `responseTime` (ms) and, for a
 * GraphQL request, `graphql` (see below). The same fields and messages pino-http wrote, without its
 * per-request child loggers (issue 12: two `logger.child` calls and their bindings per request): nothing
 * here logs through `req.log`, and the request id reaches error logs through the GraphQL context.
 * Also gives every request its id (`req.id`, the `X-Request-Id` answer header; see request-id.ts).
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const id = requestIdOf(req);
    (req as { id?: string }).id = id;
    res.setHeader('X-Request-Id', id);
    if (req.url === '/healthz' || req.url === '/readyz') return next();
    const started = performance.now();
    const done = () => {
      res.removeListener('close', done);
      res.removeListener('finish', done);
      writeRequestLine(logger, req, res, id, Math.round(performance.now() - started));
    };
    res.on('close', done);
    res.on('finish', done);
    next();
  };
}

function writeRequestLine(
  logger: Logger,
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
  responseTime: number,
): void {
  if (!logger.isLevelEnabled('info')) return;
  // Express rewrites `req.url` below a mounted path (`/graphql` becomes `/`): the path as received.
  const url = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '';
  const query = url.indexOf('?');
  const line: Record<string, unknown> = {
    req: { id, method: req.method, path: query < 0 ? url : url.slice(0, query) },
    res: { statusCode: res.statusCode },
    responseTime,
  };
  const graphql = (res as ServerResponse & { locals?: { graphql?: GraphQLRequestLog } }).locals?.graphql;
  if (graphql) line.graphql = graphql;
  if (res.statusCode >= 500) {
    line.err = new Error(`failed with status code ${res.statusCode}`);
    logger.info(line, 'request errored');
  } else {
    logger.info(line, !req.readableAborted && res.writableEnded ? 'request completed' : 'request aborted');
  }
}

/**
 * What the request line says about a GraphQL request: the operation's name and kind, who called (role
 * and principal id: a member id, a staff subject, `api-key:<id>`) and the outcome (`OK` or the first
 * error's code). Never the query text or variable values. Filled in as the request goes: the caller
 * when the context is built, the rest by `requestLogPlugin`; `requestLog` adds it when the response ends.
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

/** Starts the request's GraphQL log fields, kept on the response for the request line. */
export function startGraphQLRequestLog(
  context: object,
  res: { locals?: Record<string, unknown> },
  principal: Principal | null,
): void {
  const log: GraphQLRequestLog = { role: principal?.role ?? 'anonymous', caller: principal?.subject ?? null };
  (context as WithRequestLog)[REQUEST_LOG] = log;
  if (res.locals) res.locals.graphql = log;
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
