/** Recognises a unique-key violation from either engine, so services can turn it into a CONFLICT. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; errno?: number; driverError?: { code?: string; errno?: number } };
  const codes = [e?.code, e?.driverError?.code];
  return (
    codes.includes('ER_DUP_ENTRY') ||
    codes.includes('SQLITE_CONSTRAINT_UNIQUE') ||
    codes.includes('SQLITE_CONSTRAINT_PRIMARYKEY') ||
    e?.errno === 1062 ||
    e?.driverError?.errno === 1062
  );
}

/** InnoDB chose this transaction as a deadlock victim: it was rolled back and may simply be run again. */
export function isDeadlock(error: unknown): boolean {
  const e = error as { code?: string; errno?: number; driverError?: { code?: string; errno?: number } };
  return e?.code === 'ER_LOCK_DEADLOCK' || e?.errno === 1213 || e?.driverError?.errno === 1213;
}

/**
 * The database cannot answer right now (refused, reset or lost connection, a timeout, no free pool
 * connection in time, too many connections, a lock held elsewhere too long): nothing about the request
 * is wrong and the same request may succeed in a moment, so the API answers SERVICE_UNAVAILABLE.
 * One list for both engines.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (isConnectionFailure(error)) return true;
  for (const e of causesOf(error)) {
    if (typeof e.code === 'string' && (BUSY_CODES.has(e.code) || e.code.startsWith('SQLITE_BUSY'))) return true;
    if (typeof e.errno === 'number' && BUSY_ERRNOS.has(e.errno)) return true;
  }
  return false;
}

/**
 * The connection a statement ran on can no longer be trusted: it failed, or a statement timed out on it
 * (mysql2 then still waits for that statement's answer, so anything queued behind it, even a ROLLBACK,
 * would wait as long as the network stalls). Such a connection is dropped, never given back to the pool.
 */
export function isConnectionFailure(error: unknown): boolean {
  for (const e of causesOf(error)) {
    if (typeof e.code === 'string' && CONNECTION_CODES.has(e.code)) return true;
    // mysql2 refuses a command on a connection that already failed, with no code.
    if (e.fatal === true && typeof e.message === 'string' && /closed state/.test(e.message)) return true;
  }
  return false;
}

/** Our pool-acquire deadline (mysql2 has none): see `connection-guard.ts`. */
export const POOL_ACQUIRE_TIMEOUT = 'POOL_ACQUIRE_TIMEOUT';

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
]);
const BUSY_CODES = new Set([POOL_ACQUIRE_TIMEOUT, 'ER_CON_COUNT_ERROR', 'ER_SERVER_SHUTDOWN', 'ER_LOCK_WAIT_TIMEOUT']);
/** Too many connections, server shutdown, lock wait timeout (MySQL/MariaDB error numbers). */
const BUSY_ERRNOS = new Set([1040, 1053, 1205]);

interface ErrorLike {
  code?: unknown;
  errno?: unknown;
  fatal?: unknown;
  message?: unknown;
}

/**
 * The error and what it wraps: TypeORM's `driverError`, GraphQL's `originalError` (and `thrownValue`
 * when what was thrown is not an `Error` of this realm, e.g. a socket error seen from a jest sandbox), `cause`.
 */
function* causesOf(error: unknown): Generator<ErrorLike> {
  const seen = new Set<unknown>();
  const queue = [error];
  while (queue.length > 0) {
    const e = queue.shift();
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    yield e as ErrorLike;
    const wrapper = e as { driverError?: unknown; originalError?: unknown; thrownValue?: unknown; cause?: unknown };
    queue.push(wrapper.driverError, wrapper.originalError, wrapper.thrownValue, wrapper.cause);
  }
}
