import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express from 'express';
import type { Principal } from '../auth/principal';
import { TokenVerifier } from '../auth/token-verifier';
import { ServiceUnavailableError, UnauthenticatedError } from '../common/errors';
import type { Logger } from '../common/logger';
import type { AppConfig } from '../config/config';
import type { Database } from '../data/database';
import { isDatabaseUnavailable } from '../data/database-errors';
import { createGraphQLContext, type GraphQLContext } from '../graphql/context';
import { buildGraphQLSchema } from '../graphql/schema';
import { createApollo } from './graphql-over-http';
import { attachGraphQLOverWs } from './graphql-over-ws';
import { consoleRoutes } from './console.routes';
import { graphiqlRoutes } from './graphiql.routes';
import { healthRoutes } from './health.routes';
import { RateLimits, admitHttpRequest, webhookRateLimit, withCaller } from './rate-limit';
import { httpErrorHandler } from './http-errors';
import { answerMalformedRequests } from './malformed-http';
import { consoleSignInSettings } from './console-sign-in';
import { securityHeaders } from './security-headers';
import { requestLog, startGraphQLRequestLog } from './request-log';
import { VerifiedTokenCache } from './verified-token-cache';
import {
  collectProcessMetrics,
  countGraphQLStatements,
  metricsEnabled,
  metricsRoute,
  recordHttpMetrics,
  startMetricsServer,
  type MetricsServer,
} from '../observability';

export interface ServerDeps {
  config: AppConfig;
  logger: Logger;
  db: Database;
  resolvers: object[];
  /** Inbound webhooks (raw body, on /webhooks only) and partners' API keys (`X-Api-Key`). */
  plugins?: {
    router(): express.Router;
    authenticateApiKey(key: string): Promise<Principal>;
  };
}

export interface RunningServer {
  app: express.Express;
  httpServer: http.Server;
  url: string;
  wsUrl: string;
  /** The separate metrics listener's URL, when METRICS_PORT is set. */
  metricsUrl?: string;
  stop(): Promise<void>;
}

/** Builds the HTTP app (health, /graphql over HTTP and WS) and starts listening. */
export async function startServer({
  config,
  logger,
  db,
  resolvers,
  plugins,
}: ServerDeps): Promise<RunningServer> {
  const schema = await buildGraphQLSchema(resolvers);
  const tokens = new TokenVerifier(config.jwt);
  // HS256 tokens are verified once per token, not per request (verified-token-cache.ts); JWKS ones each time.
  const verifier = config.jwt.jwksUrl ? tokens : new VerifiedTokenCache(tokens);
  const rateLimits = await RateLimits.create(
    config.rateLimits,
    config.redisUrl,
    logger.child({ component: 'rate-limit' }),
  );
  const exposeErrorDetails = config.nodeEnv === 'development';
  const introspection = config.nodeEnv !== 'production';
  const app = express();
  const httpServer = http.createServer(app);
  answerMalformedRequests(httpServer);
  const apollo = createApollo({
    httpServer,
    schema,
    limits: config.limits,
    logger,
    introspection,
    exposeErrorDetails,
    rateLimits,
  });
  const ws = attachGraphQLOverWs({
    httpServer,
    schema,
    db,
    verifier: tokens,
    limits: config.limits,
    logger,
    exposeErrorDetails,
    introspection,
    rateLimits,
  });
  await apollo.start();
  // The drain plugin closes the HTTP server on stop; the limiter's Redis connection goes with it.
  httpServer.once('close', () => void rateLimits.close());

  app.disable('x-powered-by');
  // Metrics are recorded only where they are served (see observability/metrics-endpoint.ts).
  const metricsOn = metricsEnabled(config.metrics);
  if (metricsOn) {
    collectProcessMetrics();
    app.use(recordHttpMetrics());
  }
  app.use(securityHeaders({ consoleIdentityProvider: consoleSignInSettings(config).oidc?.issuer }));
  app.use(requestLog(logger));
  if (config.metrics.token !== undefined) app.use(metricsRoute(config.metrics.token));
  app.use(healthRoutes(db));
  app.use(consoleRoutes(config));
  if (plugins) app.use('/webhooks', webhookRateLimit(rateLimits), plugins.router());
  if (config.nodeEnv === 'development') app.use(graphiqlRoutes());
  app.use(
    '/graphql',
    cors({ origin: config.corsOrigins, maxAge: 600 }),
    express.json({ limit: config.limits.bodyBytes }),
    ...(metricsOn ? [countGraphQLStatements()] : []),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        // Rate limits: failed authentications per address, then the caller's request budget.
        const { principal, caller } = await admitHttpRequest(rateLimits, req, res, async () => {
          const apiKey = req.headers['x-api-key'];
          if (typeof apiKey === 'string' && plugins) {
            if (req.headers.authorization) {
              throw new UnauthenticatedError('Send a bearer token or an X-Api-Key, not both');
            }
            // The key check reads (and stamps) the key in the database: an outage there is a 503 to
            // retry, not the 500 Apollo gives any other error thrown while building the context.
            return plugins.authenticateApiKey(apiKey).catch((error: unknown) => {
              throw isDatabaseUnavailable(error) ? new ServiceUnavailableError() : error;
            });
          }
          const token = await verifier.fromAuthorizationHeader(req.headers.authorization);
          return token?.principal ?? null;
        });
        const context = createGraphQLContext(db, {
          principal,
          requestId: String((req as { id?: string }).id),
        });
        return withRequestLog(withCaller(context, caller), res);
      },
    }),
  );
  app.use(httpErrorHandler(logger));

  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  const { port } = httpServer.address() as AddressInfo;
  const host = config.host === '0.0.0.0' ? 'localhost' : config.host;
  let metricsServer: MetricsServer | undefined;
  if (config.metrics.port !== undefined) {
    metricsServer = await startMetricsServer(config.metrics, logger).catch(async (error: unknown) => {
      await new Promise((resolve) => httpServer.close(resolve));
      throw error;
    });
  }

  let stopping: Promise<void> | undefined;
  return {
    app,
    httpServer,
    url: `http://${host}:${port}/graphql`,
    wsUrl: `ws://${host}:${port}/graphql`,
    metricsUrl: metricsServer?.url,
    stop() {
      // Sockets first (they hold no request Apollo can drain), then HTTP: the drain plugin stops
      // accepting connections and waits for in-flight requests.
      stopping ??= ws
        .close()
        .then(() => apollo.stop())
        .then(() => metricsServer?.close());
      return stopping;
    },
  };
}

/** The context, with the request line's GraphQL fields started for it (see request-log.ts). */
function withRequestLog(context: GraphQLContext, res: express.Response): GraphQLContext {
  startGraphQLRequestLog(context, res, context.principal);
  return context;
}
