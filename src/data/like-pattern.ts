/**
 * LIKE patterns are built from user text. SQLite has no default escape character and MySQL's is `\`,
 * so rather than an engine-specific ESCAPE clause the wildcards are dropped: nobody searches for `%`.
 */
export function withoutLikeWildcards(text: string): string {
  return text.replace(/[%_\\]/g, '');
}
