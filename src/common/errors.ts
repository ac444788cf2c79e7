import { GraphQLError } from 'graphql';

/**
 * The closed set of `extensions.code` values clients may branch on. Add to it deliberately: front-end
 * teams switch on these strings.
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  BAD_REQUEST: 'BAD_REQUEST',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  /** A spend, hold or reversal needs more points than the member has available. */
  INSUFFICIENT_POINTS: 'INSUFFICIENT_POINTS',
  /** An idempotency key was reused with a different input (Stripe's semantics). */
  IDEMPOTENCY_MISMATCH: 'IDEMPOTENCY_MISMATCH',
  /** A reward has no stock left. */
  OUT_OF_STOCK: 'OUT_OF_STOCK',
  /** A per-member, global, daily... limit or cap has been reached. */
  LIMIT_REACHED: 'LIMIT_REACHED',
  /** The member's tier does not give access to this (e.g. a tier-exclusive reward). */
  TIER_REQUIRED: 'TIER_REQUIRED',
  /** Too many at once for this caller (e.g. open subscriptions per socket or principal): retry later. */
  RATE_LIMITED: 'RATE_LIMITED',
  /**
   * The database did not answer in time or at all (outage, stall, failover): retry after `Retry-After`
   * (HTTP 503 when the whole request failed). A write is all-or-nothing, but when the failure hit its
   * COMMIT it may have landed: retry points movements, orders and redemptions with the same idempotency
   * key (the first result comes back); other writes may answer CONFLICT for what in fact succeeded, so
   * read before writing again.
   */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  /** A subscription sent over HTTP: subscriptions are served over WebSocket (graphql-ws) on /graphql. */
  SUBSCRIPTION_REQUIRES_WEBSOCKET: 'SUBSCRIPTION_REQUIRES_WEBSOCKET',
  /**
   * Automatic persisted queries: the server does not know this hash (yet). Apollo clients resend the
   * operation with its query, as Apollo Server itself answers (HTTP 200).
   */
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface FieldProblem {
  field: string;
  messages: string[];
}

/** Base for errors a service raises on purpose; the formatter passes their message and code through. */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extra: Record<string, unknown> = {}, httpStatus?: number) {
    super(message, {
      extensions: { code, ...extra, ...(httpStatus ? { http: { status: httpStatus } } : {}) },
    });
  }
}

export class BadUserInputError extends AppError {
  constructor(message: string, fields: FieldProblem[] = []) {
    super(ErrorCode.BAD_USER_INPUT, message, fields.length ? { fields } : {});
  }

  static field(field: string, message: string): BadUserInputError {
    return new BadUserInputError(message, [{ field, messages: [message] }]);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'Authentication required: send a valid bearer token') {
    super(ErrorCode.UNAUTHENTICATED, message, {}, 401);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You are not allowed to do this') {
    super(ErrorCode.FORBIDDEN, message);
  }
}

export class NotFoundError extends AppError {
  constructor(entity: string, id: string | number) {
    super(ErrorCode.NOT_FOUND, `${entity} ${id} was not found`, { entity, id: String(id) });
  }
}

export class ConflictError extends AppError {
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super(ErrorCode.CONFLICT, message, extra);
  }
}

export class InsufficientPointsError extends AppError {
  constructor(needed: number, available: number) {
    super(ErrorCode.INSUFFICIENT_POINTS, `This needs ${needed} points but only ${available} are available`, {
      needed,
      available,
    });
  }
}

export class IdempotencyMismatchError extends AppError {
  constructor(key: string) {
    super(
      ErrorCode.IDEMPOTENCY_MISMATCH,
      `The idempotency key "${key}" was already used with a different input`,
      { idempotencyKey: key },
    );
  }
}

/** How long clients should wait before retrying a request the database could not serve. */
export const RETRY_AFTER_SECONDS = 2;

/**
 * The database did not answer in time (outage, stall, lock): retry later with the same idempotency
 * key. For errors raised before any resolver runs (the request context), where HTTP 503 and
 * `Retry-After` must be set on the error itself.
 */
export class ServiceUnavailableError extends GraphQLError {
  constructor(message = 'The service is temporarily unavailable: retry shortly') {
    super(message, {
      extensions: {
        code: ErrorCode.SERVICE_UNAVAILABLE,
        http: { status: 503, headers: new Map([['retry-after', String(RETRY_AFTER_SECONDS)]]) },
      },
    });
  }
}
