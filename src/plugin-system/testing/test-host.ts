import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { TestHost, TestHostOptions } from '@loyalty-bff/plugin-testing';
import { startApplication } from '../../app';
import { issueToken } from '../../auth/token-issuer';
import { clock, clockStartingAt, installClock, systemClock } from '../../common/clock';
import type { RequestContext } from '../../common/request-context';
import { createLogger } from '../../common/logger';
import { loadConfig } from '../../config/config';
import { ledgerProblems } from './ledger-invariants';
import { createScratchDatabase } from './scratch-database';

const KIT: RequestContext = {
  principal: { role: 'admin', subject: 'plugin-test-kit' },
  requestId: 'plugin-test-kit',
};

/**
 * The server's side of @loyalty-bff/plugin-testing (the kit loads this module by path and calls
 * `bootTestHost`): the real application, as `npm start` runs it, on a scratch database, with the
 * operations a plugin's tests need and no way in for anything else.
 */
export async function bootTestHost(options: TestHostOptions): Promise<TestHost> {
  const database = await createScratchDatabase(options.databaseUrl);
  const jwtSecret = randomBytes(32).toString('base64url');
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: database.url,
    JWT_SECRET: jwtSecret,
    SEED_DEMO_DATA: 'false',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PLUGINS: options.plugins.join(','),
    ...options.env,
  });
  let app: Awaited<ReturnType<typeof startApplication>>;
  try {
    app = await startApplication(config, createLogger(config.logLevel), {
      clock: options.now === undefined ? systemClock : clockStartingAt(options.now),
    });
  } catch (error) {
    await database.drop();
    throw error;
  }
  const host = app.plugins.host;
  const eventsJob = () => app.plugins.jobs.find((job) => job.name === 'plugins-dispatch-events');
  /** Every event committed so far, to every enabled plugin's handlers (as of a minute ahead: all settled). */
  const dispatch = async (): Promise<Record<string, number>> => {
    const job = eventsJob();
    return job ? ((await job.run(new Date(clock.now().getTime() + 60_000))) as Record<string, number>) : {};
  };
  return {
    baseUrl: app.server.url.replace(/\/graphql$/, '').replace('localhost', '127.0.0.1'),
    now: () => clock.now(),
    loadedPlugins: () => host.definitions.map((d) => ({ name: d.name, hasOptions: Boolean(d.options) })),
    async install(plugin, values, enable = true) {
      await host.install(KIT, plugin);
      if (values) await host.configure(KIT, plugin, values);
      if (enable) {
        await host.enable(KIT, plugin);
        // A plugin's event cursor starts at the end of the outbox on its first dispatch: set it now, so
        // every event after the install reaches the handlers at the test's next dispatchEvents().
        await dispatch();
      }
    },
    token: (role, subject, expiresIn = '1h') => issueToken(jwtSecret, { role, subject, expiresIn }),
    async partnerKey(plugin, scopes, label = 'plugin test kit') {
      return (await app.plugins.apiKeys.issue(KIT, plugin, label, scopes)).key;
    },
    dispatchEvents: dispatch,
    drainDeliveries: () => app.plugins.worker.drain(),
    ledgerProblems: (memberId) => ledgerProblems(app.db, Number(memberId)),
    async stop() {
      await app.stop();
      await database.drop();
      installClock(systemClock);
    },
  };
}
