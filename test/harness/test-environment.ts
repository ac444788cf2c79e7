import 'reflect-metadata';
import supertest from 'supertest';
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import { startApplication, type Application } from '../../src/app';
import { issueToken } from '../../src/auth/token-issuer';
import type { Role } from '../../src/auth/principal';
import { clock, clockStartingAt, installClock, systemClock, type Clock } from '../../src/common/clock';
import type { DestinationStream } from 'pino';
import { createLogger } from '../../src/common/logger';
import { loadConfig } from '../../src/config/config';
import { createTestDatabase } from './test-database';

export const TEST_JWT_SECRET = 'test-secret-that-is-at-least-32-characters-long';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> & { code?: string } }[];
}

export interface TestEnvironment {
  app: Application;
  /** The server's "now" (see `now` in the options); tests derive their relative dates from it. */
  clock: Clock;
  /** Sends one GraphQL operation over HTTP; `token` is a bearer token or a role to mint one for. */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GraphQLResponse<T>>;
  http(): supertest.Agent;
  token(role: Role, subject?: string | number, expiresIn?: string | number): Promise<string>;
  staffToken(): Promise<string>;
  adminToken(): Promise<string>;
  memberToken(memberId: string | number): Promise<string>;
  /** A real graphql-ws client over a socket to this server. */
  wsClient(
    connectionParams?: Record<string, unknown>,
    onClose?: (event: { code: number; reason: string }) => void,
  ): Client;
  /** How many SQL statements `work` sent. */
  countStatements<T>(work: () => Promise<T>): Promise<{ result: T; statements: number }>;
  stop(): Promise<void>;
}

/**
 * Boots the real application (same code path as `npm start`) on a random port over a fresh database.
 * Vendure-style: every end-to-end test file starts with `createTestEnvironment()`.
 */
export async function createTestEnvironment(
  options: {
    seedDemoData?: boolean;
    env?: Record<string, string>;
    /** Pins the server's "now" to this instant at start (it then runs at real speed). */
    now?: Date | string;
    /** Where the server's JSON log lines go (tests that read them); stdout otherwise. */
    logDestination?: DestinationStream;
  } = {},
): Promise<TestEnvironment> {
  const database = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: database.url,
    JWT_SECRET: TEST_JWT_SECRET,
    SEED_DEMO_DATA: options.seedDemoData ? 'true' : 'false',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...options.env,
  });
  const app = await startApplication(config, createLogger(config.logLevel, options.logDestination), {
    clock: options.now === undefined ? systemClock : clockStartingAt(options.now),
  });
  const clients: Client[] = [];
  const token = (role: Role, subject: string | number = `${role}-1`, expiresIn: string | number = '1h') =>
    issueToken(TEST_JWT_SECRET, { role, subject: String(subject), expiresIn });

  return {
    app,
    clock,
    http: () => supertest.agent(app.server.httpServer),
    async gql(query, variables, bearer) {
      const request = supertest(app.server.httpServer)
        .post('/graphql')
        .set('content-type', 'application/json');
      if (bearer) request.set('authorization', `Bearer ${bearer}`);
      const response = await request.send({ query, variables });
      return { status: response.status, data: response.body.data, errors: response.body.errors };
    },
    token,
    staffToken: () => token('staff', 'staff-1'),
    adminToken: () => token('admin', 'admin-1'),
    memberToken: (memberId) => token('member', memberId),
    wsClient(connectionParams, onClose) {
      const client = createClient({
        url: app.server.wsUrl.replace('localhost', '127.0.0.1'),
        webSocketImpl: WebSocket,
        connectionParams,
        retryAttempts: 0,
        lazy: true,
        on: { closed: (event) => onClose?.(event as { code: number; reason: string }) },
      });
      clients.push(client);
      return client;
    },
    countStatements: (work) => app.statements.measure(work),
    async stop() {
      await Promise.all(clients.map((client) => client.dispose()));
      await app.stop();
      await database.drop();
      installClock(systemClock);
    },
  };
}
