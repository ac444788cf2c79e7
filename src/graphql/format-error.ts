import { type GraphQLFormattedError, GraphQLError } from 'graphql';
import type { ValidationError } from 'class-validator';
import { unwrapResolverError } from '@apollo/server/errors';
import { ErrorCode, type FieldProblem } from '../common/errors';
import { isDatabaseUnavailable } from '../data/database-errors';
import { withoutSchemaSuggestions } from './schema-suggestions';

const PASS_THROUGH = new Set<string>(Object.values(ErrorCode));

/**
 * Every error leaves with a code from the closed set. Errors we raised on purpose keep their message;
 * anything else becomes INTERNAL_SERVER_ERROR with a generic message (logged with its stack by the caller),
 * so no SQL, path or stack reaches a client outside development.
 */
export function formatError(
  received: GraphQLFormattedError,
  error: unknown,
  options: { exposeDetails: boolean; hideSchemaDetails?: boolean },
): GraphQLFormattedError {
  const formatted = options.hideSchemaDetails
    ? { ...received, message: withoutSchemaSuggestions(received.message) }
    : received;
  const original = unwrapResolverError(error);
  const extensions = { ...formatted.extensions };
  delete extensions.stacktrace;

  const validationErrors = (original as { extensions?: { validationErrors?: ValidationError[] } })?.extensions
    ?.validationErrors;
  if (validationErrors) {
    return {
      ...formatted,
      message: 'Some input values are invalid: see extensions.fields',
      extensions: { code: ErrorCode.BAD_USER_INPUT, fields: flattenValidationErrors(validationErrors) },
    };
  }

  const innerCode = ((original as GraphQLError)?.originalError as GraphQLError | undefined)?.extensions?.code;
  if (
    innerCode === ErrorCode.QUERY_TOO_COMPLEX ||
    /Document contains more tha[nt] \d+ tokens/.test(formatted.message)
  ) {
    return { ...formatted, extensions: { ...extensions, code: ErrorCode.QUERY_TOO_COMPLEX } };
  }

  const code = typeof extensions.code === 'string' ? extensions.code : undefined;
  if (code && PASS_THROUGH.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
    return { ...formatted, extensions };
  }
  // Apollo's own request errors (bad variables, unknown operation...) are the caller's fault; so are
  // those it raises with a 4xx status and no code (a persisted query hash that does not match its
  // query, an unsupported persisted query version).
  if (
    code === 'BAD_REQUEST' ||
    code === 'OPERATION_RESOLUTION_FAILURE' ||
    code === 'PERSISTED_QUERY_NOT_SUPPORTED' ||
    (!formatted.path && isClientErrorStatus((error as GraphQLError | null)?.extensions?.http))
  ) {
    return { ...formatted, extensions: { ...extensions, code: ErrorCode.BAD_REQUEST } };
  }
  if (!formatted.path && raisedByGraphQL(error)) {
    // No path means graphql-js refused the request before any resolver ran (a variable of the wrong
    // type, an unknown enum value, more than 50 bad variable values): the caller's input, not our
    // failure. Apollo fills in INTERNAL_SERVER_ERROR as the code of such errors, so the error as
    // raised is what tells.
    return { ...formatted, extensions: { ...extensions, code: ErrorCode.BAD_USER_INPUT } };
  }
  if (isDatabaseUnavailable(error)) {
    // An outage, not a bug: a code clients can retry on (the HTTP layer adds 503 and Retry-After).
    return {
      message: 'The service is temporarily unavailable: retry shortly',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.SERVICE_UNAVAILABLE },
    };
  }
  return {
    message: options.exposeDetails ? formatted.message : 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}

/**
 * An error graphql-js raised itself: no code of ours or Apollo's, and nothing behind it but another
 * GraphQL error (a refused variable wraps the scalar's or enum's own refusal), never an exception.
 */
function raisedByGraphQL(error: unknown): boolean {
  if (!isGraphQLError(error) || error.extensions?.code !== undefined) return false;
  const cause = error.originalError;
  return cause === undefined || cause === null || isGraphQLError(cause);
}

/** By its tag, not `instanceof`, which a second copy of graphql (ESM next to CommonJS) would defeat. */
function isGraphQLError(error: unknown): error is GraphQLError {
  return Object.prototype.toString.call(error) === '[object GraphQLError]';
}

function isClientErrorStatus(http: unknown): boolean {
  const status = (http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldProblem[] {
  // type-graphql's ArgumentValidationError carries whatever class-validator threw: not always a list
  // (the fuzzers found a lone error object), and a malformed shape must still be a client error.
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}
