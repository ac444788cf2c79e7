import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { authChecker } from './auth-checker';
import { memberAccessGuard } from './member-access-guard';
import { partnerFieldGuard } from './partner-field-guard';

/**
 * Builds the executable schema from resolver instances wired by the composition root. type-graphql
 * asks the container for each resolver class; resolvers are singletons, so they hold services only,
 * never per-request state.
 */
export async function buildGraphQLSchema(resolvers: object[]): Promise<GraphQLSchema> {
  const instances = new Map<unknown, object>(resolvers.map((resolver) => [resolver.constructor, resolver]));
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  const classes = [...instances.keys()] as NonEmptyArray<Function>;
  return buildSchema({
    resolvers: classes,
    container: { get: (someClass) => instances.get(someClass) },
    authChecker,
    authMode: 'error',
    globalMiddlewares: [partnerFieldGuard, memberAccessGuard],
    validate: { forbidUnknownValues: true, stopAtFirstError: false },
    // Subscriptions bring their own source (`subscribe:`, fed by src/events); type-graphql still
    // insists on a PubSub, so it gets one that refuses topic-based use.
    pubSub: {
      publish: () => {
        throw new Error('Publish through the activity outbox (src/events), not type-graphql topics');
      },
      subscribe: () => {
        throw new Error('Subscriptions use the `subscribe` option, not type-graphql topics');
      },
    },
  });
}

/** The SDL committed in schema/schema.graphql: sorted, so that only real changes show in a diff. */
export function printContractSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
