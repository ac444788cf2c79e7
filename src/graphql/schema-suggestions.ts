/**
 * graphql-js ends some messages with suggestions taken from the schema ("Did you mean "members"?",
 * "Did you mean the enum value "OTHER"?", "Did you mean to use an inline fragment on ..."). With
 * introspection off they would let a caller map the schema field by field, so they are cut.
 */
const SUGGESTION = /\s*Did you mean\b[\s\S]*$/;

export function withoutSchemaSuggestions(message: string): string {
  return message.replace(SUGGESTION, '');
}
