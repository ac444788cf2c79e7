import fs from 'node:fs';
import path from 'node:path';
import type { PluginDefinition } from './plugin-definition';
import { PluginLoadError } from './plugin-errors';

/** plugins/ beside src/ (and dist/plugins beside dist/src after the build). */
const FIRST_PARTY_DIR = path.resolve(__dirname, '..', '..', 'plugins');

/**
 * Turns PLUGINS entries into definitions: a bare name found in plugins/<name> is first-party; a path
 * (./, ../ or absolute) is a plugin folder or file; anything else is an npm package. Each must export
 * its `definePlugin(...)` as default (or as `plugin`).
 */
export function loadPluginDefinitions(specifiers: string[], cwd = process.cwd()): PluginDefinition[] {
  const problems: string[] = [];
  const definitions: PluginDefinition[] = [];
  for (const specifier of specifiers) {
    try {
      // Plugins are found at run time (PLUGINS), so this is a dynamic require by design.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const exported = require(resolveSpecifier(specifier, cwd)) as {
        default?: PluginDefinition;
        plugin?: PluginDefinition;
      };
      const definition = exported.default ?? exported.plugin;
      if (!definition || typeof definition !== 'object' || typeof definition.name !== 'string') {
        problems.push(`${specifier}: does not export a definePlugin(...) as default`);
      } else definitions.push(definition);
    } catch (error) {
      const notFound = (error as { code?: string }).code === 'MODULE_NOT_FOUND';
      problems.push(
        `${specifier}: ${(notFound && typeScriptSourcesHint(specifier, cwd)) || cannotLoad(error)}`,
      );
    }
  }
  if (problems.length) throw new PluginLoadError(problems);
  return definitions;
}

function resolveSpecifier(specifier: string, cwd: string): string {
  if (specifier.startsWith('.') || path.isAbsolute(specifier)) return path.resolve(cwd, specifier);
  const firstParty = path.join(FIRST_PARTY_DIR, specifier);
  if (/^[a-z][a-z0-9-]*$/.test(specifier) && fs.existsSync(firstParty)) return firstParty;
  return require.resolve(specifier, { paths: [cwd] });
}

function cannotLoad(error: unknown): string {
  return `cannot be loaded (${(error as Error).message.split('\n')[0]})`;
}

/**
 * Node does not run TypeScript: a folder holding index.ts (and no built entry) is a plugin's sources.
 * Say so, rather than Node's "Cannot find module", and name the two ways that work.
 */
function typeScriptSourcesHint(specifier: string, cwd: string): string | undefined {
  if (!specifier.startsWith('.') && !path.isAbsolute(specifier)) return undefined;
  const folder = path.resolve(cwd, specifier);
  const sources = ['index.ts', path.join('src', 'index.ts')].some((f) => fs.existsSync(path.join(folder, f)));
  if (!sources) return undefined;
  return (
    'is a folder of TypeScript sources, which Node cannot load: build the plugin (`npm run build`, its ' +
    'compiled entry in package.json "main") and set PLUGINS to that folder or to its npm package name'
  );
}
