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
  // graphql-armor throws by default, which Apollo turns into a 500 and graphql-ws into a closed socket;
  // reporting instead makes the refusal an ordinary validation error with our code.
  const report = { propagateOnRejection: false, onReject: [reportTooComplex], exposeLimits: true };
  return [
    maxDepthRule({ n: limits.maxDepth, ignoreIntrospection: true, ...report }),
    maxAliasesRule({ n: limits.maxAliases, ...report }),
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
  let cost: number;
  try {
    cost = getComplexity({
      schema,
      query: document,
      variables,
      operationName: operationName ?? undefined,
      estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
    });
  } catch {
    // Variables that do not coerce: execution refuses them next with BAD_USER_INPUT, so no cost to check.
    return;
  }
  if (cost > limits.maxCost) {
    throw new GraphQLError(`Query cost ${cost} exceeds the limit of ${limits.maxCost}; ask for fewer items`, {
      extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, cost, maxCost: limits.maxCost, http: { status: 400 } },
    });
  }
}

function reportTooComplex(context: ValidationContext | null, error: GraphQLError): void {
  context?.reportError(
    new GraphQLError(error.message.replace(/^Syntax Error: /, ''), {
      nodes: error.nodes,
      extensions: { code: ErrorCode.QUERY_TOO_COMPLEX },
    }),
  );
}
