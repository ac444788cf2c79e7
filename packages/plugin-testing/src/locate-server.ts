import fs from 'node:fs';
import path from 'node:path';
import type { TestHostModule } from './test-host';

const SERVER_PACKAGE = 'loyalty-bff';
const BUILT_ENTRY = path.join('dist', 'src', 'plugin-system', 'testing', 'test-host.js');
const SOURCE_ENTRY = path.join('src', 'plugin-system', 'testing', 'test-host.ts');

/**
 * Finds the loyalty server to boot: `server` (a folder), else LOYALTY_BFF_SERVER, else the nearest folder
 * above the working directory whose package.json is the server's. Its built output is used; under Jest
 * (which compiles TypeScript) a checkout's sources are used when present, so the server's own tests
 * need no build first.
 */
export function locateServer(server?: string): string {
  const root = server ?? process.env.LOYALTY_BFF_SERVER ?? findServerRoot(process.cwd());
  if (!root) {
    throw new Error(
      `@loyalty-bff/plugin-testing: no loyalty server found above ${process.cwd()}; run the tests from the ` +
        'server folder, or pass { server } or set LOYALTY_BFF_SERVER to it',
    );
  }
  const source = path.join(root, SOURCE_ENTRY);
  if (process.env.JEST_WORKER_ID !== undefined && fs.existsSync(source)) return source;
  const built = path.join(root, BUILT_ENTRY);
  if (!fs.existsSync(built))
    throw new Error(`@loyalty-bff/plugin-testing: ${built} is missing; build the server (npm run build)`);
  return built;
}

function findServerRoot(from: string): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && readName(manifest) === SERVER_PACKAGE) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function readName(manifest: string): string | undefined {
  try {
    return (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name;
  } catch {
    return undefined;
  }
}

export function loadServer(entry: string): TestHostModule {
  // The server is found at run time, so this is a dynamic require by design.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(entry) as Partial<TestHostModule>;
  if (typeof loaded.bootTestHost !== 'function')
    throw new Error(`@loyalty-bff/plugin-testing: ${entry} does not export bootTestHost`);
  return loaded as TestHostModule;
}
