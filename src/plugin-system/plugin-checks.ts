import { satisfies, valid, validRange } from 'semver';
import { getMetadataArgsStorage } from 'typeorm';
import type { PluginDefinition } from './plugin-definition';
import { PluginLoadError } from './plugin-errors';
import { isPluginPermission, PLUGIN_KINDS } from './plugin-permissions';

export interface CoreFacts {
  version: string;
  /** The @loyalty-bff/plugin-sdk version this server provides to plugins. */
  sdkVersion: string;
  tables: string[];
  migrations: string[];
}

/** `my-plugin` → `my_plugin` (table prefix) and `myPlugin` (GraphQL field prefix). */
export function tablePrefix(name: string): string {
  return `${name.replace(/-/g, '_')}_`;
}
export function fieldPrefix(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

export function tableNameOf(entity: unknown): string | undefined {
  const table = getMetadataArgsStorage().tables.find((t) => t.target === entity);
  return table ? (table.name ?? (entity as { name: string }).name) : undefined;
}

export function migrationNameOf(migration: new () => { name?: string }): string {
  return new migration().name ?? migration.name;
}

/**
 * The load-time checks. Every problem is collected (not just the first) so an operator fixes them in
 * one go; any problem refuses the start. Returns the plugins in dependency order (dependencies first).
 */
export function checkPlugins(definitions: PluginDefinition[], core: CoreFacts): PluginDefinition[] {
  const problems: string[] = [];
  const byName = new Map<string, PluginDefinition>();
  const tables = new Map(core.tables.map((t) => [t, 'the core']));
  const migrations = new Map(core.migrations.map((m) => [m, 'the core']));
  const fields = new Map<string, string>();

  for (const plugin of definitions) {
    const p = `plugin "${plugin.name}"`;
    if (!/^[a-z][a-z0-9-]{1,39}$/.test(plugin.name)) {
      problems.push(`${p}: the name must be a lower-case slug of 2-40 letters, digits or dashes`);
    }
    if (byName.has(plugin.name)) problems.push(`${p}: loaded twice (duplicate plugin name)`);
    byName.set(plugin.name, plugin);
    if (!/^\d+\.\d+\.\d+/.test(plugin.version ?? ''))
      problems.push(`${p}: version "${plugin.version}" is not x.y.z`);
    problems.push(...sdkProblems(p, plugin, core.sdkVersion));
    // npm's range rules, as plugin authors know them from package.json: a pre-release core (1.0.0-rc.1)
    // ranks below its release and satisfies a range only where the range names a pre-release of that
    // same version (^1.0.0-rc.0). An empty string is "*" to semver; here it is a forgotten field.
    if (plugin.core !== undefined) {
      if (!plugin.core.trim() || !validRange(plugin.core))
        problems.push(`${p}: core range "${plugin.core}" is not a version range`);
      else if (!satisfies(core.version, plugin.core)) {
        problems.push(
          `${p}: needs core ${plugin.core} but this is core ${core.version} (incompatible core version)`,
        );
      }
    }
    if (!PLUGIN_KINDS.includes(plugin.kind))
      problems.push(`${p}: kind must be one of ${PLUGIN_KINDS.join(', ')}`);
    for (const permission of plugin.permissions ?? []) {
      if (!isPluginPermission(permission)) problems.push(`${p}: unknown permission "${permission}"`);
    }
    for (const entity of plugin.entities ?? []) {
      const table = tableNameOf(entity);
      if (!table) problems.push(`${p}: ${(entity as { name: string }).name} is not a TypeORM @Entity`);
      else if (!table.startsWith(tablePrefix(plugin.name))) {
        problems.push(`${p}: table "${table}" must start with "${tablePrefix(plugin.name)}"`);
      } else if (tables.has(table)) {
        problems.push(
          `${p}: table "${table}" is already defined by ${tables.get(table)} (duplicate table name)`,
        );
      } else tables.set(table, p);
    }
    for (const migration of plugin.migrations ?? []) {
      const name = migrationNameOf(migration);
      if (migrations.has(name)) {
        problems.push(
          `${p}: migration "${name}" clashes with one of ${migrations.get(name)} (migration name clash)`,
        );
      } else migrations.set(name, p);
    }
    for (const field of plugin.liveFields ?? []) {
      const key = `${field.on}.${field.name}`;
      if (!field.name.startsWith(fieldPrefix(plugin.name))) {
        problems.push(`${p}: field ${key} must start with "${fieldPrefix(plugin.name)}" (namespaced)`);
      } else if (fields.has(key)) {
        problems.push(`${p}: field ${key} is already added by ${fields.get(key)} (duplicate field name)`);
      } else fields.set(key, p);
    }
    const paths = (plugin.webhooks ?? []).map((w) => w.path);
    if (new Set(paths).size !== paths.length) problems.push(`${p}: two webhooks share a path`);
    const jobs = (plugin.jobs ?? []).map((j) => j.name);
    if (new Set(jobs).size !== jobs.length) problems.push(`${p}: two jobs share a name`);
  }

  for (const plugin of definitions) {
    for (const dependency of plugin.dependencies ?? []) {
      if (!byName.has(dependency)) {
        problems.push(
          `plugin "${plugin.name}": depends on "${dependency}", which is not loaded (missing dependency)`,
        );
      }
    }
  }
  const ordered = problems.length ? [] : dependencyOrder(definitions, byName, problems);
  if (problems.length) throw new PluginLoadError(problems);
  return ordered;
}

function dependencyOrder(
  definitions: PluginDefinition[],
  byName: Map<string, PluginDefinition>,
  problems: string[],
): PluginDefinition[] {
  const ordered: PluginDefinition[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (plugin: PluginDefinition, trail: string[]) => {
    if (state.get(plugin.name) === 'done') return;
    if (state.get(plugin.name) === 'visiting') {
      problems.push(`plugins depend on each other in a cycle: ${[...trail, plugin.name].join(' → ')}`);
      return;
    }
    state.set(plugin.name, 'visiting');
    for (const dependency of plugin.dependencies ?? [])
      visit(byName.get(dependency)!, [...trail, plugin.name]);
    state.set(plugin.name, 'done');
    ordered.push(plugin);
  };
  for (const plugin of definitions) visit(plugin, []);
  return ordered;
}

/**
 * A plugin built with SDK x.y.z runs on a host whose SDK satisfies ^x.y.z: the same major (no breaking
 * change between them) and at least the minor it was built with (what it calls exists). `sdk` is stamped
 * by definePlugin, so a definition without it was not made with @loyalty-bff/plugin-sdk.
 */
function sdkProblems(p: string, plugin: PluginDefinition, hostSdk: string): string[] {
  if (plugin.sdk === undefined)
    return [`${p}: not declared with definePlugin() from @loyalty-bff/plugin-sdk (no SDK version)`];
  if (!valid(plugin.sdk)) return [`${p}: SDK version "${plugin.sdk}" is not a version`];
  if (!satisfies(hostSdk, `^${plugin.sdk}`))
    return [
      `${p}: built with @loyalty-bff/plugin-sdk ${plugin.sdk} but this server provides ${hostSdk} (incompatible SDK version: needs ^${plugin.sdk})`,
    ];
  return [];
}
