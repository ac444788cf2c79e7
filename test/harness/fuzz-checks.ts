/**
 * What no answer may ever contain, whatever was sent: an internal error (that code means a bug on our
 * side), a stack trace, or a database's own error text.
 */
const LEAKS: [string, RegExp][] = [
  ['INTERNAL_SERVER_ERROR', /INTERNAL_SERVER_ERROR/],
  ['a stack trace', /\bat [^\s"]+ \([^)]*:\d+:\d+\)|\bat (?:\/|node:)[^\s"]*:\d+:\d+|"stacktrace"/],
  ['a source path', /node_modules\/|\/src\/[\w/-]+\.[jt]s\b/],
  ['a database error', /SQLITE_[A-Z]+|\bER_[A-Z_]{3,}|QueryFailedError|sqlMessage/],
];

/** The problems found in one answer's text (empty when it is clean). */
export function leaksIn(text: string): string[] {
  return LEAKS.filter(([, pattern]) => pattern.test(text)).map(([name]) => name);
}
