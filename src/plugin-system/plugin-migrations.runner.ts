import type { Database } from '../data/database';
import type { PluginDefinition } from './plugin-definition';
import { migrationNameOf } from './plugin-checks';
import type { PluginsRepository } from './plugins.repository';

/**
 * Runs a plugin's own migrations, tracked in `plugin_migration` (apart from the core's TypeORM table,
 * so uninstalling one plugin can revert exactly its migrations). Each migration and its record commit
 * together where the engine allows (SQLite; MySQL commits DDL implicitly, as for the core migrations).
 */
export class PluginMigrationsRunner {
  constructor(
    private readonly db: Database,
    private readonly repository: PluginsRepository,
  ) {}

  async up(plugin: PluginDefinition): Promise<string[]> {
    const migrations = (plugin.migrations ?? []).map((m) => ({
      name: migrationNameOf(m),
      instance: new m(),
    }));
    const applied = await this.repository.appliedMigrations(
      this.db.manager,
      migrations.map((m) => m.name),
    );
    const ran: string[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.name)) continue;
      await this.inQueryRunner(async (runner) => {
        await migration.instance.up(runner);
        await this.repository.recordMigration(runner.manager, plugin.name, migration.name);
      });
      ran.push(migration.name);
    }
    return ran;
  }

  async down(plugin: PluginDefinition): Promise<void> {
    const migrations = (plugin.migrations ?? []).map((m) => ({
      name: migrationNameOf(m),
      instance: new m(),
    }));
    const applied = await this.repository.appliedMigrations(
      this.db.manager,
      migrations.map((m) => m.name),
    );
    for (const migration of migrations.reverse()) {
      if (!applied.has(migration.name)) continue;
      await this.inQueryRunner(async (runner) => {
        await migration.instance.down(runner);
        await this.repository.forgetMigration(runner.manager, migration.name);
      });
    }
  }

  private async inQueryRunner(work: (runner: import('typeorm').QueryRunner) => Promise<void>): Promise<void> {
    // Queued behind other SQLite transactions like every write (see Database.transaction).
    await this.db.transaction(async (manager) => {
      await work(manager.queryRunner!);
    });
  }
}
