import { randomBytes } from 'node:crypto';
import { locateServer, loadServer } from './locate-server';
import type { TestHost, TestRole } from './test-host';
import { hmacSignature } from './webhook-signing';

export interface GraphQLAnswer<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string } & Record<string, unknown> }[];
}

export interface WebhookAnswer {
  status: number;
  /** The answer's body as text (JSON answers parsed into `json`). */
  text: string;
  json: unknown;
}

export interface SignedWebhook {
  /** The raw body, sent byte for byte (the signature is over these bytes). */
  body: string;
  secret: string;
  /** The header carrying the signature, e.g. `x-pos-signature`. */
  signatureHeader: string;
  encoding?: 'base64' | 'hex';
  /** Under /webhooks/<plugin>/. */
  path?: string;
  headers?: Record<string, string>;
}

export interface PluginTestEnvironment {
  /** `http://127.0.0.1:<port>`. */
  readonly baseUrl: string;
  /** The server's "now" (pinned with `now`, then running at real speed). */
  now(): Date;
  /** One GraphQL operation over HTTP; `token` is a bearer token or a role to mint one for. */
  graphql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string | TestRole,
  ): Promise<GraphQLAnswer<T>>;
  /** POSTs a raw body with the given headers to /webhooks/<plugin>/<path>. */
  webhook(
    plugin: string,
    body: string,
    headers: Record<string, string>,
    path?: string,
  ): Promise<WebhookAnswer>;
  /** Signs the body with HMAC-SHA256 under `signatureHeader`, then sends it like `webhook`. */
  signedWebhook(plugin: string, request: SignedWebhook): Promise<WebhookAnswer>;
  /** Waits until the background webhook worker has nothing due (retries scheduled later do not count). */
  drainDeliveries(): Promise<void>;
  /** Hands every committed activity event to the plugins' event handlers now. */
  dispatchEvents(): Promise<Record<string, number>>;
  token(role: TestRole, subject?: string, expiresIn?: string | number): Promise<string>;
  staffToken(): Promise<string>;
  adminToken(): Promise<string>;
  memberToken(memberId: string | number): Promise<string>;
  /** A partner API key bound to `plugin` (send it as `x-api-key`). */
  partnerKey(plugin: string, scopes: string[], label?: string): Promise<string>;
  install(plugin: string, options?: Record<string, unknown>, enable?: boolean): Promise<void>;
  /** Throws, naming each broken invariant, unless the member's balance equals their ledger and lots. */
  assertLedgerConsistent(memberId: string | number): Promise<void>;
  stop(): Promise<void>;
}

export interface PluginTestOptions {
  /** What PLUGINS takes: your package name (installed), a path to your built plugin, first-party names. */
  plugins: string[];
  /** Options per plugin name; a plugin with options is installed only when configured here. */
  configure?: Record<string, Record<string, unknown>>;
  /** Enable the installed plugins (default true). */
  enable?: boolean;
  /** `mysql://root@127.0.0.1:3306/plugin_test` (a fresh database inside); TEST_DATABASE_URL, else embedded SQLite. */
  databaseUrl?: string;
  /** Extra server settings. */
  env?: Record<string, string>;
  /** Pins the server's "now" at start. */
  now?: Date | string;
  /** The server folder (default: LOYALTY_BFF_SERVER, else found above the working directory). */
  server?: string;
}

/**
 * Boots the real loyalty server (the code path of `npm start`) on a fresh database with the given
 * plugins loaded, installs and configures them and enables them unless told otherwise.
 */
export async function createPluginTestEnvironment(
  options: PluginTestOptions,
): Promise<PluginTestEnvironment> {
  const { bootTestHost } = loadServer(locateServer(options.server));
  const host = await bootTestHost({
    plugins: options.plugins,
    databaseUrl: options.databaseUrl ?? process.env.TEST_DATABASE_URL,
    now: options.now,
    env: {
      PLUGIN_SECRETS_KEY: randomBytes(32).toString('hex'),
      WEBHOOK_RETRY_BASE_MS: '20',
      ...options.env,
    },
  });
  const env = environmentOver(host);
  try {
    for (const plugin of host.loadedPlugins()) {
      const values = options.configure?.[plugin.name];
      if (values !== undefined || !plugin.hasOptions)
        await host.install(plugin.name, values, options.enable ?? true);
    }
  } catch (error) {
    await host.stop();
    throw error;
  }
  return env;
}

function environmentOver(host: TestHost): PluginTestEnvironment {
  const bearer = async (token: string | TestRole | undefined) =>
    token === 'member' || token === 'staff' || token === 'admin' ? host.token(token, `${token}-1`) : token;
  const post = async (
    path: string,
    body: string,
    headers: Record<string, string>,
  ): Promise<WebhookAnswer> => {
    const response = await fetch(`${host.baseUrl}${path}`, { method: 'POST', headers, body });
    const text = await response.text();
    return { status: response.status, text, json: parseOrNull(text) };
  };
  const env: PluginTestEnvironment = {
    baseUrl: host.baseUrl,
    now: () => host.now(),
    async graphql<T>(query: string, variables?: Record<string, unknown>, token?: string | TestRole) {
      const authorization = await bearer(token);
      const answer = await post('/graphql', JSON.stringify({ query, variables }), {
        'content-type': 'application/json',
        ...(authorization ? { authorization: `Bearer ${authorization}` } : {}),
      });
      const json = (answer.json ?? {}) as Omit<GraphQLAnswer<T>, 'status'>;
      return { status: answer.status, data: json.data ?? undefined, errors: json.errors };
    },
    webhook: (plugin, body, headers, path = '') =>
      post(`/webhooks/${plugin}${path ? `/${path}` : ''}`, body, headers),
    signedWebhook: (plugin, request) =>
      env.webhook(
        plugin,
        request.body,
        {
          'content-type': 'application/json',
          ...request.headers,
          [request.signatureHeader]: hmacSignature(request.secret, request.body, request.encoding),
        },
        request.path,
      ),
    drainDeliveries: () => host.drainDeliveries(),
    dispatchEvents: () => host.dispatchEvents(),
    token: (role, subject = `${role}-1`, expiresIn) => host.token(role, subject, expiresIn),
    staffToken: () => host.token('staff', 'staff-1'),
    adminToken: () => host.token('admin', 'admin-1'),
    memberToken: (memberId) => host.token('member', String(memberId)),
    partnerKey: (plugin, scopes, label) => host.partnerKey(plugin, scopes, label),
    install: (plugin, values, enable) => host.install(plugin, values, enable),
    async assertLedgerConsistent(memberId) {
      const problems = await host.ledgerProblems(memberId);
      if (problems.length)
        throw new Error(`ledger of member ${memberId} is inconsistent:\n  ${problems.join('\n  ')}`);
    },
    stop: () => host.stop(),
  };
  return env;
}

function parseOrNull(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
