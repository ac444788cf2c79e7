/**
 * Bounded label values. A Prometheus series exists per distinct label set, and an operation name is
 * chosen by the client (any name passes schema validation), so a client sending a fresh name per
 * request would grow the server's memory and the time series database without bound. Names are kept
 * when they look like GraphQL names of a sane length, up to MAX_OPERATIONS distinct ones per process;
 * anything else is "other".
 */
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
export const MAX_OPERATIONS = 200;
const OUTCOME = /^[A-Z][A-Z0-9_]{0,47}$/;
const ROUTES = new Set(['graphql', 'webhooks', 'healthz', 'readyz', 'console', 'metrics', 'graphiql']);

const seenOperations = new Set<string>();

/**
 * The request log's operation (src/server/request-log.ts): `(anonymous)` for an unnamed operation,
 * undefined when the request failed before an operation was resolved (parse or validation error).
 */
export function operationLabel(operation: string | undefined): string {
  if (operation === undefined) return 'unresolved';
  if (operation === '(anonymous)') return 'anonymous';
  if (!OPERATION_NAME.test(operation)) return 'other';
  if (seenOperations.has(operation)) return operation;
  if (seenOperations.size >= MAX_OPERATIONS) return 'other';
  seenOperations.add(operation);
  return operation;
}

/** The request log's outcome: `OK` or the first error's code; anything unexpected is `ERROR`. */
export function outcomeLabel(outcome: string | undefined): string {
  if (outcome === undefined) return 'ERROR';
  return OUTCOME.test(outcome) ? outcome : 'ERROR';
}

export function kindLabel(kind: string | undefined): string {
  return kind === 'query' || kind === 'mutation' || kind === 'subscription' ? kind : 'unknown';
}

/** The first path segment when it is one of the server's routes (never the rest of the path). */
export function routeLabel(path: string): string {
  const first = path.split('?')[0].split('/')[1] ?? '';
  return ROUTES.has(first) ? `/${first}` : 'other';
}

export function methodLabel(method: string | undefined): string {
  return method === 'GET' || method === 'POST' || method === 'OPTIONS' || method === 'HEAD'
    ? method
    : 'other';
}
