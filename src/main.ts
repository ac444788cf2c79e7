// First, before anything loads express, graphql, mysql2 or ioredis: tracing patches them as they load.
import './observability/tracing';
import 'reflect-metadata';
import { createLogger } from './common/logger';
import { ConfigError, loadConfig } from './config/config';
import { startApplication } from './app';
import { stopTracing } from './observability/tracing-sdk';

/** Composition root for `npm start`: configuration, logging, the application, and graceful shutdown. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  // Loud on purpose: a forgeable token secret must not go unnoticed on a shared or staging host.
  for (const warning of config.warnings) logger.warn(`INSECURE DEVELOPMENT DEFAULT: ${warning}`);
  const app = await startApplication(config, logger);
  logger.info({ url: app.server.url, database: app.db.kind }, 'loyalty API ready');
  if (config.nodeEnv !== 'production') {
    console.log(
      `\n  GraphQL endpoint:  ${app.server.url}\n  Subscriptions:     ${app.server.wsUrl}\n  Support console:   ${app.server.url.replace(/\/graphql$/, '/console/')}\n`,
    );
    console.log('  Get a token:       npm run token -- --role staff\n');
  }

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down: draining HTTP and WebSocket, closing the database');
    const forced = setTimeout(() => {
      logger.error('shutdown took longer than 10 s; exiting');
      process.exit(1);
    }, 10_000);
    forced.unref();
    await app.stop();
    // The last spans (this shutdown's requests) are still buffered: export them before exiting.
    await stopTracing().catch((error: unknown) => logger.warn({ err: error }, 'traces not flushed'));
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
