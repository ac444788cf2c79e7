import { randomBytes } from 'node:crypto';
import type supertest from 'supertest';
import { createTestEnvironment, type TestEnvironment } from '../../../test/harness/test-environment';
import { pluginRequestContext } from '../plugin-context';

export { shopifyHeaders, wooCommerceHeaders } from './webhook-signing';

export interface PluginTestEnvironment extends TestEnvironment {
  /** POSTs a raw body (sent byte for byte) with the given headers to /webhooks/<plugin>/<path>. */
  webhook(
    plugin: string,
    body: string | Buffer,
    headers: Record<string, string>,
    path?: string,
  ): Promise<supertest.Response>;
  /** Waits until the background worker has nothing due (retries scheduled later do not count). */
  drainDeliveries(): Promise<void>;
  install(plugin: string, options?: Record<string, unknown>, enable?: boolean): Promise<void>;
}

/**
 * The partner test kit: boots the real server (same code path as `npm start`) on a fresh SQLite file
 * (or MariaDB with TEST_DATABASE_URL) with the chosen plugins loaded, installs and configures them,
 * and enables them unless told otherwise. `plugins` takes what PLUGINS takes: first-party names,
 * paths to a plugin folder (a partner passes `path.join(__dirname, '..')`), or npm package names.
 */
export async function createPluginTestEnvironment(options: {
  plugins: string[];
  configure?: Record<string, Record<string, unknown>>;
  enable?: boolean;
  env?: Record<string, string>;
  /** Pins the server's "now" at start, as `createTestEnvironment({ now })` does. */
  now?: Date | string;
}): Promise<PluginTestEnvironment> {
  const env = await createTestEnvironment({
    now: options.now,
    env: {
      PLUGINS: options.plugins.join(','),
      PLUGIN_SECRETS_KEY: randomBytes(32).toString('hex'),
      WEBHOOK_RETRY_BASE_MS: '20',
      ...options.env,
    },
  });
  const ctx = { principal: { role: 'admin' as const, subject: 'test-kit' }, requestId: 'test-kit' };
  const kit: PluginTestEnvironment = {
    ...env,
    webhook(plugin, body, headers, path = '') {
      const request = env.http().post(`/webhooks/${plugin}${path ? `/${path}` : ''}`);
      for (const [name, value] of Object.entries(headers)) request.set(name, value);
      // A string goes out byte for byte (superagent would JSON-encode a Buffer under a JSON content type).
      return request.send(typeof body === 'string' ? body : body.toString('utf8'));
    },
    drainDeliveries: () => env.app.plugins.worker.drain(),
    async install(plugin, values, enable = true) {
      const host = env.app.plugins.host;
      await host.install(ctx, plugin);
      if (values) await host.configure(ctx, plugin, values);
      if (enable) await host.enable(ctx, plugin);
    },
  };
  try {
    for (const plugin of env.app.plugins.host.definitions) {
      const values = options.configure?.[plugin.name];
      if (values !== undefined || !plugin.options)
        await kit.install(plugin.name, values, options.enable ?? true);
    }
  } catch (error) {
    await env.stop();
    throw error;
  }
  return kit;
}

export { pluginRequestContext };
