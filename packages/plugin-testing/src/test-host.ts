/**
 * The contract between this kit and the loyalty server it boots. The server implements it in its own
 * code (src/plugin-system/testing/test-host.ts, built to dist/src/plugin-system/testing/test-host.js)
 * and exports `bootTestHost`; the kit loads that module at run time, so it never imports the server's
 * internals or its tests, and works the same in the server's repository and in a partner's project.
 */
export type TestRole = 'member' | 'staff' | 'admin';

export interface TestHostOptions {
  /** PLUGINS entries: first-party names, npm package names, or paths to a built plugin folder. */
  plugins: string[];
  /** `mysql://user@host:3306/base`: a fresh database `<base>_<pid>_<random>` is created and dropped. Embedded SQLite otherwise. */
  databaseUrl?: string;
  /** Extra server settings (environment variables). */
  env?: Record<string, string>;
  /** Pins the server's "now" at start (it then runs at real speed). */
  now?: Date | string;
}

export interface TestHost {
  /** `http://127.0.0.1:<port>`: GraphQL at /graphql, webhooks at /webhooks/<plugin>/<path>. */
  readonly baseUrl: string;
  /** The server's clock ("now" as the server sees it). */
  now(): Date;
  /** The loaded plugins, in dependency order, and whether each declares options. */
  loadedPlugins(): { name: string; hasOptions: boolean }[];
  install(plugin: string, options?: Record<string, unknown>, enable?: boolean): Promise<void>;
  /** A bearer token the server accepts, signed with its secret. */
  token(role: TestRole, subject: string, expiresIn?: string | number): Promise<string>;
  /** A partner API key bound to an installed plugin, with scopes among its permissions. */
  partnerKey(plugin: string, scopes: string[], label?: string): Promise<string>;
  /** Hands every committed activity event to the plugins' handlers now (instead of the 2 s job). */
  dispatchEvents(): Promise<Record<string, number>>;
  /** Waits until the inbound webhook worker has nothing due. */
  drainDeliveries(): Promise<void>;
  /** The ledger invariants for one member, read from the tables; an empty list when they hold. */
  ledgerProblems(memberId: string | number): Promise<string[]>;
  stop(): Promise<void>;
}

/** What the server's test-host module exports. */
export interface TestHostModule {
  bootTestHost(options: TestHostOptions): Promise<TestHost>;
}
