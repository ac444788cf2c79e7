import fs from 'node:fs';
import path from 'node:path';
import type { PluginDefinition } from '../../src/plugin-system';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';

const PLUGINS_DIR = path.join(__dirname, '..', '..', 'plugins');

/** Every first-party plugin (plugins/<name> exporting a definePlugin; ecommerce-common is a library). */
function firstPartyPlugins(): string[] {
  return fs
    .readdirSync(PLUGINS_DIR)
    .filter((name) => fs.existsSync(path.join(PLUGINS_DIR, name, 'index.ts')))
    .filter((name) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- which folders are plugins is known only at run time
      const exported = require(path.join(PLUGINS_DIR, name)) as { default?: PluginDefinition };
      return typeof exported.default?.name === 'string';
    });
}

/**
 * `npm run migration:generate` on a database migrated to the latest version must find nothing to do:
 * any statement it would write means the entities (what the code reads and writes) and the migrations
 * (what production has) disagree, and running it could drop data (a column, an index, a CHECK).
 */
describe('a database migrated to the latest version (core and every first-party plugin)', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await createTestEnvironment({ env: { PLUGINS: firstPartyPlugins().join(',') } });
    const ctx = { principal: { role: 'admin' as const, subject: 'drift' }, requestId: 'drift' };
    // Installing runs each plugin's own migrations (dependencies first, as the host orders them).
    for (const plugin of env.app.plugins.host.definitions)
      await env.app.plugins.host.install(ctx, plugin.name);
  });
  afterAll(() => env.stop());

  it('is exactly what the entities describe: the schema diff TypeORM would generate is empty', async () => {
    const { upQueries } = await env.app.db.dataSource.driver.createSchemaBuilder().log();
    expect(upQueries.map((q) => q.query)).toEqual([]);
  });

  it('has every CHECK constraint the entities declare (TypeORM compares them on SQLite only)', async () => {
    const { dataSource } = env.app.db;
    const declared = dataSource.entityMetadatas.flatMap((m) => m.checks.map((c) => c.name)).sort();
    const runner = dataSource.createQueryRunner();
    try {
      const existing =
        env.app.db.kind === 'mysql'
          ? (
              (await runner.query(
                `SELECT CONSTRAINT_NAME AS name FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()`,
              )) as { name: string }[]
            ).map((row) => row.name)
          : (await runner.getTables()).flatMap((table) => table.checks.map((check) => check.name!));
      expect(declared.length).toBeGreaterThan(0);
      expect(declared.filter((name) => !existing.includes(name))).toEqual([]);
    } finally {
      await runner.release();
    }
  });
});
