import type { Server as HttpServer } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { Logger } from '../common/logger';
import type { GraphQLLimits } from '../config/config';
import type { GraphQLContext } from '../graphql/context';
import { formatError } from '../graphql/format-error';
import { assertCostWithinLimit, limitValidationRules, parseOptions } from '../graphql/limits';
import { httpSubscriptionGuardPlugin } from './http-subscription-guard';
import { expensiveOperationsPlugin, type RateLimits } from './rate-limit';
import { requestLogPlugin } from './request-log';
import { serviceUnavailablePlugin } from './service-unavailable.plugin';

export interface GraphQLOverHttpOptions {
  httpServer: HttpServer;
  schema: GraphQLSchema;
  limits: GraphQLLimits;
  logger: Logger;
  introspection: boolean;
  exposeErrorDetails: boolean;
  /** The expensive-operation budget is spent once the operation is known (see rate-limit/). */
  rateLimits?: RateLimits;
}

/** Apollo Server 5 with our limits, error format, and a drain that lets in-flight requests finish on shutdown. */
export function createApollo(options: GraphQLOverHttpOptions): ApolloServer<GraphQLContext> {
  const { limits, logger } = options;
  return new ApolloServer<GraphQLContext>({
    schema: options.schema,
    // main.ts owns SIGTERM/SIGINT and stops everything in order (Apollo among them). Apollo's own
    // handler (registered unless NODE_ENV=test) would run a second, concurrent stop(): @apollo/server 5
    // never settles a stop() that joins one in progress, so the orderly shutdown waited for the
    // 10 s forced exit (exit code 1).
    stopOnTerminationSignals: false,
    introspection: options.introspection,
    includeStacktraceInErrorResponses: false,
    parseOptions: parseOptions(limits),
    validationRules: limitValidationRules(limits),
    formatError: (formatted, error) =>
      formatError(formatted, error, {
        exposeDetails: options.exposeErrorDetails,
        // Without introspection, "Did you mean ..." would reveal the schema a field at a time.
        hideSchemaDetails: !options.introspection,
      }),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: options.httpServer }),
      // Apollo's landing page loads Sandbox from a CDN (blank offline); development serves a bundled
      // GraphiQL instead (graphiql.routes.ts), and production serves no IDE.
      ApolloServerPluginLandingPageDisabled(),
      // Before the cost check, so a subscription is told where to go rather than what it costs.
      httpSubscriptionGuardPlugin(),
      costLimitPlugin(limits),
      ...(options.rateLimits ? [expensiveOperationsPlugin(options.rateLimits)] : []),
      internalErrorLoggingPlugin(logger),
      serviceUnavailablePlugin(),
      requestLogPlugin(),
    ],
  });
}

function costLimitPlugin(limits: GraphQLLimits): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request }) {
          assertCostWithinLimit(schema, document, request.variables, request.operationName, limits);
        },
      };
    },
  };
}

/** Unexpected errors are logged with their stack and request id; clients only see INTERNAL_SERVER_ERROR. */
function internalErrorLoggingPlugin(logger: Logger): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart({ contextValue }) {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            // Errors we raise on purpose are GraphQLErrors; anything else is a bug worth a stack trace.
            if (error.originalError && !(error.originalError instanceof GraphQLError)) {
              logger.error({ err: error.originalError, requestId: contextValue?.requestId }, 'graphql error');
            }
          }
        },
      };
    },
  };
}
