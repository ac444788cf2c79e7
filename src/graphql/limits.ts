import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import {
  GraphQLError,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import type { GraphQLLimits } from '../config/config';
import { ErrorCode } from '../common/errors';

/**
 * The limits every operation passes, over HTTP (Apollo) and over graphql-ws alike:
 * - tokens: enforced by the parser (`parseOptions.maxTokens`), so a 5,000-alias query is refused
 *   while parsing, before validation or execution spend anything on it;
 * - depth and aliases: validation rules;
 * - cost: computed with variables once the operation is known (connections cost `first` times their nodes).
 */
export function limitValidationRules(limits: GraphQLLimits): ValidationRule[] {
  return [
    withCode(maxDepthRule({ n: limits.maxDepth, exposeLimits: true, ignoreIntrospection: true })),
    withCode(maxAliasesRule({ n: limits.maxAliases, exposeLimits: true })),
  ];
}

export function parseOptions(limits: GraphQLLimits) {
  return { maxTokens: limits.maxTokens };
}

/** Throws QUERY_TOO_COMPLEX when the operation's estimated cost exceeds the limit. */
export function assertCostWithinLimit(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined | null,
  limits: GraphQLLimits,
): void {
  const cost = getComplexity({
    schema,
    query: document,
    variables,
    operationName: operationName ?? undefined,
    estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
  });
  if (cost > limits.maxCost) {
    throw new GraphQLError(`Query cost ${cost} exceeds the limit of ${limits.maxCost}; ask for fewer items`, {
      extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, cost, maxCost: limits.maxCost, http: { status: 400 } },
    });
  }
}

/** Re-reports a rule's errors with our code, so clients can tell "too big" from "malformed". */
function withCode(rule: ValidationRule): ValidationRule {
  return (context: ValidationContext) => {
    const coded = Object.create(context) as ValidationContext;
    coded.reportError = (error: GraphQLError) =>
      context.reportError(
        new GraphQLError(error.message.replace(/^Syntax Error: /, ''), {
          nodes: error.nodes,
          extensions: { code: ErrorCode.QUERY_TOO_COMPLEX },
        }),
      );
    return rule(coded);
  };
}
