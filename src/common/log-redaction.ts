/**
 * What may reach the logs from SQL and errors: their shape, never the values in them. Statement
 * parameters are members' emails, names and phones, and database errors quote them back (MySQL's
 * ER_DUP_ENTRY says "Duplicate entry 'ada@example.com' for key ..."; mysql2 adds the statement with
 * its values interpolated). Logs are kept longer and read by more people than the database, and an
 * erased member's email must not survive in them.
 */

/** Quoted names in database messages that are schema, not data: `for key 'UQ_member_email'`. */
const IDENTIFIER_BEFORE_QUOTE = /\b(?:key|column|table|index|constraint|database|schema|savepoint)\s+$/i;
const QUOTED = /'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.|"")*"/g;

/** A database message with every quoted value replaced, keeping quoted schema names. */
export function redactQuotedValues(text: string): string {
  return text.replace(QUOTED, (quoted, offset: number) =>
    IDENTIFIER_BEFORE_QUOTE.test(text.slice(Math.max(0, offset - 20), offset)) ? quoted : "'[redacted]'",
  );
}

/**
 * The statement's shape: its text with placeholders as sent, string literals written into it by hand
 * replaced. Identifiers are backquoted (MySQL) or double-quoted (SQLite) and stay as they are.
 */
export function sqlShape(sql: string): string {
  return sql.replace(/'(?:[^'\\]|\\.|'')*'/g, "'?'");
}

/** Fields of an error that say what went wrong without saying about whom. */
const SAFE_FIELDS = ['code', 'errno', 'sqlState', 'status', 'statusCode', 'type', 'fatal'] as const;
const MAX_CAUSES = 4;

/**
 * pino's `err` serializer: an allowlist (type, redacted message and stack, codes), the failed
 * statement as a shape, and the chain of causes. Any other property an error carries (TypeORM's
 * `parameters`, mysql2's `sql` with values, GraphQL variables) is left out.
 */
export function serializeErrorForLog(error: unknown, depth = 0): unknown {
  if (typeof error === 'string') return redactQuotedValues(error);
  if (!error || typeof error !== 'object') return error;
  const e = error as Record<string, unknown> & { constructor?: { name?: string } };
  const out: Record<string, unknown> = {
    type: e.constructor?.name ?? e.name,
    message: typeof e.message === 'string' ? redactQuotedValues(e.message) : undefined,
    stack: typeof e.stack === 'string' ? redactQuotedValues(e.stack) : undefined,
  };
  for (const field of SAFE_FIELDS) {
    const value = e[field];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      out[field] = value;
  }
  if (typeof e.query === 'string') out.sql = sqlShape(e.query);
  const extensions = e.extensions as { code?: unknown } | undefined;
  if (typeof extensions?.code === 'string') out.extensions = { code: extensions.code };
  const cause = e.driverError ?? e.originalError ?? e.cause;
  if (cause && cause !== error && depth < MAX_CAUSES) out.cause = serializeErrorForLog(cause, depth + 1);
  return out;
}
