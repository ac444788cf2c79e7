import 'reflect-metadata';
import os from 'node:os';
import { loadConfig } from '../config/config';
import { coreEntities, coreMigrations, createCore } from '../core';
import { COMMITTED_ONLY_FEED } from '../modules/activity';
import { createDataSource } from '../data/data-source';
import { Database } from '../data/database';
import { createLogger } from '../common/logger';
import { createPluginSystem, loadPlugins, pluginEntities } from '../plugin-system';
import { redactedOptions } from '../plugin-system/plugin-options';
import { describeDatabase, runCli } from '../../seeds/cli-support';

const USAGE = `npm run plugin -- list
npm run plugin -- install <name>
npm run plugin -- configure <name> --set key=value [--set key=value ...] | --json '{"key":"value"}'
npm run plugin -- enable <name>
npm run plugin -- disable <name>
npm run plugin -- uninstall <name> [--drop-data]`;

/**
 * Plugin lifecycle from the command line, against DATABASE_URL (or the default SQLite file), for the
 * plugins named in PLUGINS. The same host code as the admin API, recorded in the audit log as
 * `cli:<user>`. A running server sees enable/disable within 5 s (its cache), without a restart.
 */
async function main(): Promise<void> {
  const [command, name, ...rest] = process.argv.slice(2);
  const config = loadConfig();
  const definitions = loadPlugins(config.plugins, { entities: coreEntities, migrations: coreMigrations });
  const dataSource = createDataSource({
    url: config.databaseUrl,
    entities: [...coreEntities, ...pluginEntities(definitions)],
    migrations: coreMigrations,
  });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    const db = new Database(dataSource);
    const core = createCore(db);
    core.services.activity.feed.bind(COMMITTED_ONLY_FEED); // no publisher in this process
    const plugins = createPluginSystem({
      config: config.plugins,
      nodeEnv: config.nodeEnv,
      db,
      core,
      logger: createLogger('warn'),
      definitions,
    });
    const host = plugins.host;
    const ctx = {
      principal: { role: 'admin' as const, subject: `cli:${os.userInfo().username}` },
      requestId: 'cli',
    };
    if (!command || command === 'list') {
      console.log(
        `Plugins in PLUGINS (${config.plugins.load.join(', ') || 'none'}) on ${describeDatabase(config.databaseUrl)}:`,
      );
      const rows = await host.installations();
      for (const definition of host.definitions) {
        const row = rows.get(definition.name);
        const state = row ? (row.enabled ? 'enabled' : 'installed, disabled') : 'not installed';
        console.log(
          `  ${definition.name.padEnd(20)} ${definition.version.padEnd(8)} ${definition.kind.padEnd(10)} ${state}`,
        );
        if (row) {
          const shown = redactedOptions(definition.options, row.optionsJson);
          console.log(
            `    options ${JSON.stringify(shown.values)}; secrets set: ${shown.secretsSet.join(', ') || 'none'}`,
          );
        }
      }
      return;
    }
    if (!name) throw new Error(`Name a plugin.\n${USAGE}`);
    switch (command) {
      case 'install':
        await host.install(ctx, name);
        console.log(`${name} installed (disabled): configure it, then enable it`);
        return;
      case 'configure':
        await host.configure(ctx, name, parseOptions(rest));
        console.log(`${name} configured`);
        return;
      case 'enable':
        await host.enable(ctx, name);
        console.log(`${name} enabled`);
        return;
      case 'disable':
        await host.disable(ctx, name);
        console.log(`${name} disabled`);
        return;
      case 'uninstall':
        await host.uninstall(ctx, name, rest.includes('--drop-data'));
        console.log(
          `${name} uninstalled${rest.includes('--drop-data') ? ' and its data dropped' : ' (its tables are kept)'}`,
        );
        return;
      default:
        throw new Error(`Unknown command ${command}.\n${USAGE}`);
    }
  } catch (error) {
    const fields = (error as { extensions?: { fields?: { field: string; messages: string[] }[] } }).extensions
      ?.fields;
    if (fields)
      throw new Error(
        `${(error as Error).message}: ${fields.map((f) => `${f.field}: ${f.messages.join(', ')}`).join('; ')}`,
      );
    throw error;
  } finally {
    await dataSource.destroy();
  }
}

/** `--set key=value` (a JSON value if it parses: numbers, booleans, arrays) or one `--json '{...}'`. */
function parseOptions(args: string[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--json') Object.assign(values, JSON.parse(args[++i]) as Record<string, unknown>);
    else if (args[i] === '--set') {
      const [key, ...value] = (args[++i] ?? '').split('=');
      const raw = value.join('=');
      try {
        values[key] = JSON.parse(raw);
      } catch {
        values[key] = raw;
      }
    }
  }
  if (Object.keys(values).length === 0)
    throw new Error(`Give options with --set key=value or --json.\n${USAGE}`);
  return values;
}

runCli('plugin', main);
