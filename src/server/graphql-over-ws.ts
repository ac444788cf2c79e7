import type { Server as HttpServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { SLOW_CONSUMER_CLOSE_CODE } from '../events';
import type { VerifiedToken, TokenVerifier } from '../auth/token-verifier';
import { AppError, ErrorCode } from '../common/errors';
import type { Logger } from '../common/logger';
import type { GraphQLLimits } from '../config/config';
import type { Database } from '../data/database';
import { createGraphQLContext } from '../graphql/context';
import { formatError } from '../graphql/format-error';
import { assertCostWithinLimit, limitValidationRules, parseOptions } from '../graphql/limits';
import { gaugeSources, subscriptionEventsDelivered } from '../observability';
import { SharedSubscriptions } from './shared-subscriptions';
import {
  admitSocketOperation,
  authenticateSocket,
  limitConnectionFloods,
  type RateLimits,
} from './rate-limit';

interface SocketState {
  token?: VerifiedToken;
  connectionId: string;
  expiry?: ExpiryTimer;
  /** Ids of this socket's open subscriptions, counted against the per-socket and per-principal caps. */
  subscriptions: Set<string>;
}

/** setTimeout's limit (~24.8 days): a longer wait is done in several steps. */
export const MAX_TIMER_MS = 2_147_483_647;
/** How often sockets are checked for a client that stopped reading. */
const STALL_SWEEP_MS = 250;

export interface GraphQLOverWsOptions {
  httpServer: HttpServer;
  schema: GraphQLSchema;
  db: Database;
  verifier: TokenVerifier;
  limits: GraphQLLimits;
  logger: Logger;
  exposeErrorDetails: boolean;
  /** Off in production: introspection is refused and messages carry no "Did you mean" suggestions. */
  introspection: boolean;
  /** Per-caller operation budget, failed authentications and connection floods (see rate-limit/). */
  rateLimits?: RateLimits;
}

/**
 * graphql-ws on the same port and path as HTTP. Operations over a socket bypass Apollo entirely, so
 * everything Apollo's pipeline does for HTTP is repeated here: authentication (in connection_init),
 * the token/depth/alias/cost limits, error formatting, and a frame size limit.
 */
export function attachGraphQLOverWs(options: GraphQLOverWsOptions) {
  const { schema, db, verifier, limits, logger } = options;
  const wsServer = new WebSocketServer({
    server: options.httpServer,
    path: '/graphql',
    maxPayload: limits.bodyBytes,
  });
  const rules = [
    ...specifiedRules,
    ...limitValidationRules(limits),
    // Apollo adds this rule over HTTP when introspection is off; a socket must not be the way around it.
    ...(options.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
  ];
  const formatting = { exposeDetails: options.exposeErrorDetails, hideSchemaDetails: !options.introspection };
  const states = new WeakMap<object, SocketState>();
  const stateOf = (extra: object) => states.get(extra)!;
  const perPrincipal = new SubscriptionCounter();
  const formatResult = (result: ExecutionResult) =>
    result.errors
      ? { ...result, errors: result.errors.map((error) => format(error, formatting, logger)) }
      : result;
  // Subscriptions execute once per event per distinct operation, variables and visibility (see there).
  const shared = new SharedSubscriptions(formatResult);

  refuseServerMessagesFromClients(wsServer);
  if (options.rateLimits) limitConnectionFloods(wsServer, options.rateLimits);
  const disposable = useServer(
    {
      schema,
      subscribe: shared.subscribe,
      connectionInitWaitTimeout: 10_000,
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const raw = params.authorization ?? params.Authorization ?? params.token;
        if (typeof raw !== 'string' || raw === '') return false; // 4403: every operation needs a principal
        try {
          const token = await authenticateSocket(options.rateLimits, ctx.extra, () =>
            verifier.fromAuthorizationHeader(raw.startsWith('Bearer ') ? raw : `Bearer ${raw}`),
          );
          const state: SocketState = {
            token: token ?? undefined,
            connectionId: randomUUID().slice(0, 18),
            subscriptions: new Set(),
          };
          // A live subscription must not outlive its token: close at expiry, not only at the next operation.
          const expiresAt = token?.expiresAt;
          if (expiresAt !== undefined) {
            const socket = ctx.extra.socket;
            state.expiry = armTokenExpiry(expiresAt, () =>
              socket.close(CloseCode.Forbidden, 'Token expired'),
            );
          }
          states.set(ctx.extra, state);
          return true;
        } catch {
          return false;
        }
      },
      onSubscribe: async (ctx, id, payload) => {
        const state = stateOf(ctx.extra);
        if (state.token?.expiresAt !== undefined && state.token.expiresAt * 1000 <= Date.now()) {
          ctx.extra.socket.close(CloseCode.Forbidden, 'Token expired');
          return [
            new GraphQLError('The token has expired', { extensions: { code: ErrorCode.UNAUTHENTICATED } }),
          ];
        }
        let document: DocumentNode;
        try {
          document = parse(payload.query, parseOptions(limits));
        } catch (error) {
          return [asParseError(error)];
        }
        const errors = validate(schema, document, rules);
        if (errors.length > 0) return errors.map(withValidationCode);
        try {
          assertCostWithinLimit(
            schema,
            document,
            payload.variables ?? undefined,
            payload.operationName,
            limits,
          );
        } catch (error) {
          return [error as GraphQLError];
        }
        const limited = await admitSocketOperation(
          options.rateLimits,
          state.token?.principal ?? null,
          ctx.extra.request,
          () => options.rateLimits!.isExpensive(document, payload.operationName),
        );
        if (limited) return [limited];
        const isSubscription = getOperationAST(document, payload.operationName)?.operation === 'subscription';
        if (isSubscription) {
          const refused = admitSubscription(state, id, limits, perPrincipal);
          if (refused) return [refused];
        }
        const principal = state.token?.principal ?? null;
        const requestId = `${state.connectionId}:${id}`;
        const contextValue = createGraphQLContext(db, { principal, requestId });
        if (isSubscription)
          shared.register(contextValue, {
            socket: ctx.extra.socket,
            id,
            principal,
            query: payload.query,
            operationName: payload.operationName,
            variables: payload.variables,
            context: () => createGraphQLContext(db, { principal, requestId }),
            delivered: (count) => {
              if (state.subscriptions.has(id)) subscriptionEventsDelivered.inc(count);
            },
          });
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue,
        };
      },
      onComplete: (ctx, id) => {
        const state = states.get(ctx.extra);
        if (state) releaseSubscription(state, id, perPrincipal);
      },
      onClose: (ctx) => {
        const state = states.get(ctx.extra);
        if (!state) return;
        state.expiry?.cancel();
        // graphql-ws completes open operations on close; this covers any it could not.
        for (const id of [...state.subscriptions]) releaseSubscription(state, id, perPrincipal);
      },
      onError: (_ctx, _id, _payload, errors) => errors.map((error) => format(error, formatting, logger)),
      // Subscriptions are sent by their shared delivery (formatted by formatResult); this is the rest.
      onNext: (ctx, id, _payload, _args, result) => {
        if (states.get(ctx.extra)?.subscriptions.has(id)) subscriptionEventsDelivered.inc();
        if (!result.errors) return;
        return formatResult(result);
      },
    },
    wsServer,
  );

  const sweep = watchSlowConsumers(wsServer, limits.subscriptionStallMs, logger);
  const unreportConnections = gaugeSources.reportCount('websocketConnections', () => wsServer.clients.size);

  return {
    /** Closes every socket (1001 going away) and the server. */
    async close(): Promise<void> {
      clearInterval(sweep);
      unreportConnections();
      await disposable.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}

/** Message types only a server sends (graphql-transport-ws). */
const SERVER_ONLY_TYPES = /"type"\s*:\s*"(connection_ack|next|error)"/;

/**
 * A client that sends a server's message (connection_ack, next, error) breaks the protocol: close with
 * 4400 like any other invalid message. graphql-ws would throw on it and close with 4500 Internal
 * error, which would blame the server. Registered before useServer, this listener runs first on each
 * message; graphql-ws's own close that follows is a no-op on a closing socket.
 */
function refuseServerMessagesFromClients(wsServer: WebSocketServer): void {
  wsServer.on('connection', (socket) => {
    socket.on('message', (data: Buffer | string) => {
      const text = String(data);
      if (!SERVER_ONLY_TYPES.test(text)) return;
      let type: unknown;
      try {
        type = (JSON.parse(text) as { type?: unknown } | null)?.type;
      } catch {
        return; // not JSON: graphql-ws refuses it with 4400 itself
      }
      if (type === 'connection_ack' || type === 'next' || type === 'error') {
        socket.close(CloseCode.BadRequest, `Invalid message received: ${type} is sent by servers only`);
      }
    });
  });
}

export interface ExpiryTimer {
  cancel(): void;
}

/**
 * Calls `onExpired` when the token expires (`expiresAt` in seconds). setTimeout cannot wait longer than
 * MAX_TIMER_MS, so a longer wait re-arms itself for the time still left instead of firing early.
 */
export function armTokenExpiry(expiresAt: number, onExpired: () => void): ExpiryTimer {
  let timer: NodeJS.Timeout;
  const arm = () => {
    const remaining = Math.max(0, expiresAt * 1000 - Date.now());
    timer = setTimeout(remaining > MAX_TIMER_MS ? arm : onExpired, Math.min(remaining, MAX_TIMER_MS));
    timer.unref();
  };
  arm();
  return { cancel: () => clearTimeout(timer) };
}

/** Open subscriptions per principal across this process's sockets. */
class SubscriptionCounter {
  private readonly open = new Map<string, number>();

  count(key: string): number {
    return this.open.get(key) ?? 0;
  }

  add(key: string, delta: 1 | -1): void {
    const next = this.count(key) + delta;
    if (next > 0) this.open.set(key, next);
    else this.open.delete(key);
  }
}

/** The principal a subscription counts against: role and subject, as subjects are unique per role only. */
function principalKey(state: SocketState): string | null {
  const principal = state.token?.principal;
  return principal ? `${principal.role}:${principal.subject}` : null;
}

/**
 * The caps on open subscriptions. Each one holds a stream and a slot in the hub, so one client must not
 * be able to open them without bound; the refusal is an operation error (RATE_LIMITED), the socket and
 * its other subscriptions stay up.
 */
function admitSubscription(
  state: SocketState,
  id: string,
  limits: GraphQLLimits,
  perPrincipal: SubscriptionCounter,
): GraphQLError | null {
  if (state.subscriptions.size >= limits.subscriptionsPerConnection)
    return new AppError(
      ErrorCode.RATE_LIMITED,
      `At most ${limits.subscriptionsPerConnection} subscriptions may be open on one connection`,
    );
  const key = principalKey(state);
  if (key !== null && perPrincipal.count(key) >= limits.subscriptionsPerPrincipal)
    return new AppError(
      ErrorCode.RATE_LIMITED,
      `At most ${limits.subscriptionsPerPrincipal} subscriptions may be open for one principal`,
    );
  state.subscriptions.add(id);
  if (key !== null) perPrincipal.add(key, 1);
  return null;
}

function releaseSubscription(state: SocketState, id: string, perPrincipal: SubscriptionCounter): void {
  if (!state.subscriptions.delete(id)) return;
  const key = principalKey(state);
  if (key !== null) perPrincipal.add(key, -1);
}

/**
 * The slow-consumer policy. graphql-ws sends a subscription's next event only after the socket took
 * the previous one, so a client that stops reading makes its subscriptions lag (they catch up from the
 * outbox table later) rather than buffer. What can pile up is one message per subscription in `ws`'s
 * send buffer: a socket that has had data waiting there for `stallMs` is closed with 1013 (Try Again
 * Later), and its client resumes each subscription from its last cursor. Others are never held up.
 */
function watchSlowConsumers(wsServer: WebSocketServer, stallMs: number, logger: Logger): NodeJS.Timeout {
  const waitingSince = new WeakMap<WebSocket, number>();
  const timer = setInterval(
    () => {
      const now = Date.now();
      for (const socket of wsServer.clients) {
        if (socket.bufferedAmount === 0) {
          waitingSince.delete(socket);
          continue;
        }
        const since = waitingSince.get(socket) ?? now;
        waitingSince.set(socket, since);
        if (now - since < stallMs) continue;
        logger.warn({ bufferedBytes: socket.bufferedAmount }, 'closing a slow subscription consumer');
        waitingSince.delete(socket);
        socket.close(SLOW_CONSUMER_CLOSE_CODE, 'Slow consumer: resume from your last cursor');
        // A client that reads nothing never answers the close handshake either.
        setTimeout(() => socket.terminate(), 5_000).unref();
      }
    },
    Math.min(STALL_SWEEP_MS, stallMs),
  );
  timer.unref();
  return timer;
}

function asParseError(error: unknown): GraphQLError {
  const message = error instanceof Error ? error.message : 'Syntax error';
  return new GraphQLError(message, { extensions: { code: ErrorCode.GRAPHQL_PARSE_FAILED } });
}

function withValidationCode(error: GraphQLError): GraphQLError {
  if (error.extensions.code) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    extensions: { code: ErrorCode.GRAPHQL_VALIDATION_FAILED },
  });
}

function format(
  error: GraphQLError,
  formatting: { exposeDetails: boolean; hideSchemaDetails: boolean },
  logger: Logger,
) {
  const formatted = formatError(error.toJSON(), error, formatting);
  if (formatted.extensions?.code === ErrorCode.INTERNAL_SERVER_ERROR)
    logger.error({ err: error }, 'ws operation failed');
  return formatted;
}
