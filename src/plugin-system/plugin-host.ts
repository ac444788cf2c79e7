import { clock } from '../common/clock';
import { randomUUID } from 'node:crypto';
import { BadUserInputError, ConflictError, NotFoundError } from '../common/errors';
import type { Logger } from '../common/logger';
import type { RequestContext } from '../common/request-context';
import type { Core } from '../core';
import type { Database } from '../data/database';
import { createPluginContext } from './plugin-context';
import type { PluginContext, PluginDefinition } from './plugin-definition';
import { PluginLoadError } from './plugin-errors';
import type { PluginInstallation } from './plugin-installation.entity';
import type { PluginMigrationsRunner } from './plugin-migrations.runner';
import type { PluginOptionsCodec } from './plugin-options';
import type { PluginsRepository } from './plugins.repository';
import type { WebhookDeliveriesRepository } from './webhook-deliveries.repository';

/** How long installation rows are cached; changes made in this process invalidate at once. */
const STATE_TTL_MS = 5_000;
const RECENT_ERRORS = 20;

export interface ActivePlugin {
  definition: PluginDefinition;
  installation: PluginInstallation;
  options: object;
}

export interface PluginError {
  at: Date;
  message: string;
}

/**
 * The registry of loaded plugins and their lifecycle: install (its migrations, after its dependencies),
 * configure (validated options, secrets sealed), enable, disable, uninstall (keeping or dropping its
 * data). Enabled state is read from the database (cached for 5 s), so enabling or disabling, from the
 * API or the CLI, reaches webhooks, event handlers and jobs without a restart.
 */
export class PluginHost {
  private readonly byName: Map<string, PluginDefinition>;
  private cache: { at: number; rows: Map<string, PluginInstallation> } | null = null;
  private readonly optionsCache = new Map<string, { stamp: number; options: object }>();
  private readonly errors = new Map<string, PluginError[]>();

  constructor(
    readonly definitions: PluginDefinition[],
    private readonly deps: {
      db: Database;
      core: Core;
      logger: Logger;
      repository: PluginsRepository;
      deliveries: WebhookDeliveriesRepository;
      migrations: PluginMigrationsRunner;
      codec: PluginOptionsCodec;
    },
  ) {
    this.byName = new Map(definitions.map((d) => [d.name, d]));
  }

  definition(name: string): PluginDefinition {
    const definition = this.byName.get(name);
    if (!definition) throw new NotFoundError('Plugin', name);
    return definition;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /**
   * Start-up: brings installed plugins' own schema up to date (a plugin upgraded since its install),
   * then refuses to start if an enabled plugin's stored options no longer validate.
   */
  async start(): Promise<void> {
    const problems: string[] = [];
    const rows = await this.installations();
    for (const definition of this.definitions) {
      const row = rows.get(definition.name);
      if (!row) continue;
      const ran = await this.deps.migrations.up(definition);
      if (ran.length)
        this.deps.logger.info({ plugin: definition.name, migrations: ran }, 'plugin migrations applied');
      if (row.enabled) {
        const { problems: invalid } = await this.deps.codec.validate(
          definition.options,
          this.deps.codec.unseal(row.optionsJson),
        );
        for (const p of invalid)
          problems.push(`plugin "${definition.name}": invalid option ${p.field}: ${p.messages.join(', ')}`);
        for (const dependency of definition.dependencies ?? []) {
          if (!rows.get(dependency)?.enabled)
            problems.push(
              `plugin "${definition.name}": is enabled but its dependency "${dependency}" is not`,
            );
        }
      }
    }
    for (const name of rows.keys()) {
      if (!this.byName.has(name))
        this.deps.logger.warn({ plugin: name }, 'an installed plugin is not in PLUGINS: ignored');
    }
    if (problems.length) throw new PluginLoadError(problems);
  }

  async installations(): Promise<Map<string, PluginInstallation>> {
    if (this.cache && Date.now() - this.cache.at < STATE_TTL_MS) return this.cache.rows;
    const rows = await this.deps.repository.installations(this.deps.db.manager);
    this.cache = { at: Date.now(), rows: new Map(rows.map((row) => [row.name, row])) };
    return this.cache.rows;
  }

  invalidate(): void {
    this.cache = null;
  }

  /** The plugin if it is loaded, installed and enabled, with its decrypted options; else null. */
  async active(name: string): Promise<ActivePlugin | null> {
    const definition = this.byName.get(name);
    const installation = definition ? (await this.installations()).get(name) : undefined;
    if (!definition || !installation?.enabled) return null;
    const stamp = installation.updatedAt.getTime();
    let cached = this.optionsCache.get(name);
    if (!cached || cached.stamp !== stamp) {
      const { options } = await this.deps.codec.validate(
        definition.options,
        this.deps.codec.unseal(installation.optionsJson),
      );
      cached = { stamp, options };
      this.optionsCache.set(name, cached);
    }
    return { definition, installation, options: cached.options };
  }

  async activePlugins(): Promise<ActivePlugin[]> {
    const active: ActivePlugin[] = [];
    for (const definition of this.definitions) {
      const plugin = await this.active(definition.name);
      if (plugin) active.push(plugin);
    }
    return active;
  }

  context(
    plugin: ActivePlugin | { definition: PluginDefinition; options: object },
    requestId: string = randomUUID(),
  ): PluginContext {
    return createPluginContext(plugin.definition, plugin.options, this.deps, requestId);
  }

  recordError(name: string, message: string): void {
    const list = this.errors.get(name) ?? [];
    list.unshift({ at: clock.now(), message: message.slice(0, 1000) });
    this.errors.set(name, list.slice(0, RECENT_ERRORS));
  }

  recentErrors(name: string): PluginError[] {
    return this.errors.get(name) ?? [];
  }

  /** Runs a plugin's code so that its failure is logged and kept for admins, never thrown further. */
  async guarded<T>(name: string, what: string, work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch (error) {
      this.recordError(name, `${what}: ${(error as Error).message}`);
      this.deps.logger.error({ plugin: name, err: error }, `plugin ${what} failed`);
      return undefined;
    }
  }

  async install(ctx: RequestContext, name: string): Promise<PluginInstallation> {
    const definition = this.definition(name);
    const rows = await this.fresh();
    if (rows.has(name)) throw new ConflictError(`Plugin ${name} is already installed`);
    for (const dependency of definition.dependencies ?? []) {
      if (!rows.has(dependency))
        throw new ConflictError(`Install ${dependency} first: ${name} depends on it`);
    }
    await this.deps.migrations.up(definition);
    const now = clock.now();
    await this.deps.db.transaction(async (manager) => {
      await this.deps.repository.insertInstallation(manager, {
        name,
        version: definition.version,
        enabled: false,
        optionsJson: '{}',
        installedAt: now,
        updatedAt: now,
      });
      await this.deps.core.services.audit.record(ctx, manager, {
        action: 'plugin.install',
        targetType: 'plugin',
        targetId: name,
        after: { version: definition.version, permissions: definition.permissions },
      });
    });
    this.invalidate();
    if (definition.hooks?.install) {
      try {
        await definition.hooks.install(this.context({ definition, options: {} }));
      } catch (error) {
        await this.deps.db.transaction((manager) => this.deps.repository.deleteInstallation(manager, name));
        this.invalidate();
        throw new ConflictError(`Plugin ${name}'s install hook failed: ${(error as Error).message}`);
      }
    }
    return (await this.fresh()).get(name)!;
  }

  /** Merges `values` into the stored options, validates the whole, and stores it with secrets sealed. */
  async configure(
    ctx: RequestContext,
    name: string,
    values: Record<string, unknown>,
  ): Promise<PluginInstallation> {
    const definition = this.definition(name);
    const row = await this.installed(name);
    const merged = { ...this.deps.codec.unseal(row.optionsJson), ...values };
    const { problems } = await this.deps.codec.validate(definition.options, merged);
    if (problems.length) throw new BadUserInputError(`Invalid options for plugin ${name}`, problems);
    await this.deps.db.transaction(async (manager) => {
      await this.deps.repository.updateInstallation(manager, name, {
        optionsJson: this.deps.codec.seal(definition.options, merged),
      });
      await this.deps.core.services.audit.record(ctx, manager, {
        action: 'plugin.configure',
        targetType: 'plugin',
        targetId: name,
        // Names only: values may be secrets.
        after: { changed: Object.keys(values) },
      });
    });
    this.invalidate();
    return (await this.fresh()).get(name)!;
  }

  async enable(ctx: RequestContext, name: string): Promise<PluginInstallation> {
    const definition = this.definition(name);
    const row = await this.installed(name);
    const rows = await this.fresh();
    for (const dependency of definition.dependencies ?? []) {
      if (!rows.get(dependency)?.enabled)
        throw new ConflictError(`Enable ${dependency} first: ${name} depends on it`);
    }
    const { options, problems } = await this.deps.codec.validate(
      definition.options,
      this.deps.codec.unseal(row.optionsJson),
    );
    if (problems.length) {
      throw new BadUserInputError(`Configure plugin ${name} before enabling it`, problems);
    }
    if (definition.hooks?.enable) {
      try {
        await definition.hooks.enable(this.context({ definition, options }));
      } catch (error) {
        throw new ConflictError(`Plugin ${name}'s enable hook failed: ${(error as Error).message}`);
      }
    }
    await this.setEnabled(ctx, name, true);
    return (await this.fresh()).get(name)!;
  }

  /** Queues a stored delivery again, audited with it; false while a worker is processing it. */
  async replayDelivery(ctx: RequestContext, delivery: { id: number; plugin: string; deliveryId: string }) {
    return this.deps.db.transaction(async (manager) => {
      if (!(await this.deps.deliveries.replay(manager, delivery.id))) return false;
      await this.deps.core.services.audit.record(ctx, manager, {
        action: 'plugin.webhook-delivery.replay',
        targetType: 'webhook-delivery',
        targetId: delivery.id,
        after: { plugin: delivery.plugin, deliveryId: delivery.deliveryId },
      });
      return true;
    });
  }

  async disable(ctx: RequestContext, name: string): Promise<PluginInstallation> {
    const definition = this.definition(name);
    await this.installed(name);
    const rows = await this.fresh();
    const dependents = this.definitions.filter(
      (d) => d.dependencies?.includes(name) && rows.get(d.name)?.enabled,
    );
    if (dependents.length)
      throw new ConflictError(
        `Disable ${dependents.map((d) => d.name).join(', ')} first: they depend on ${name}`,
      );
    const active = await this.active(name);
    // Disabling must always work: a failing hook is recorded, not allowed to keep the plugin running.
    if (active && definition.hooks?.disable)
      await this.guarded(name, 'disable hook', () => definition.hooks!.disable!(this.context(active)));
    await this.setEnabled(ctx, name, false);
    return (await this.fresh()).get(name)!;
  }

  async uninstall(ctx: RequestContext, name: string, dropData: boolean): Promise<void> {
    const definition = this.definition(name);
    const row = await this.installed(name);
    const rows = await this.fresh();
    const dependents = this.definitions.filter((d) => d.dependencies?.includes(name) && rows.has(d.name));
    if (dependents.length)
      throw new ConflictError(
        `Uninstall ${dependents.map((d) => d.name).join(', ')} first: they depend on ${name}`,
      );
    if (definition.hooks?.uninstall) {
      const options = this.deps.codec.unseal(row.optionsJson);
      await this.guarded(name, 'uninstall hook', () =>
        definition.hooks!.uninstall!(this.context({ definition, options }), { dropData }),
      );
    }
    if (dropData) await this.deps.migrations.down(definition);
    await this.deps.db.transaction(async (manager) => {
      await this.deps.repository.deleteInstallation(manager, name);
      await this.deps.repository.revokeApiKeysOf(manager, name);
      if (dropData) {
        await this.deps.deliveries.deleteOf(manager, name);
        await this.deps.repository.deleteCursor(manager, name);
      }
      await this.deps.core.services.audit.record(ctx, manager, {
        action: 'plugin.uninstall',
        targetType: 'plugin',
        targetId: name,
        before: { version: row.version, enabled: row.enabled },
        after: { dropData },
      });
    });
    this.invalidate();
  }

  private async setEnabled(ctx: RequestContext, name: string, enabled: boolean): Promise<void> {
    await this.deps.db.transaction(async (manager) => {
      await this.deps.repository.updateInstallation(manager, name, { enabled });
      await this.deps.core.services.audit.record(ctx, manager, {
        action: enabled ? 'plugin.enable' : 'plugin.disable',
        targetType: 'plugin',
        targetId: name,
        after: { enabled },
      });
    });
    this.invalidate();
  }

  private async installed(name: string): Promise<PluginInstallation> {
    const row = (await this.fresh()).get(name);
    if (!row) throw new ConflictError(`Plugin ${name} is not installed`);
    return row;
  }

  private fresh(): Promise<Map<string, PluginInstallation>> {
    this.invalidate();
    return this.installations();
  }
}
