import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..');
const MODULES = path.join(ROOT, 'src', 'modules');

/** Services hold the rules every caller shares (GraphQL, plugins, jobs, seeds), so no transport in them. */
const TRANSPORT = ['src/graphql', 'src/server'];
/** Known exceptions, each with its reason; do not add to this list, shrink it. */
const ALLOWED: Record<string, string> = {
  // A read model for one resolver: it returns the Relay connection and reports filter errors as GraphQL does.
  'src/modules/activity/activity-read.service.ts': 'src/graphql/connection src/graphql/format-error',
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

/** The repository-relative targets of a file's relative imports (`from '...'` and `import('...')`). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from\s+|import\()\s*'(\.[^']+)'/g)].map((m) => m[1]);
  return specifiers.map((s) =>
    path
      .relative(ROOT, path.resolve(path.dirname(file), s))
      .split(path.sep)
      .join('/'),
  );
}

describe('module layering', () => {
  it('keeps module services free of the GraphQL and HTTP layers', () => {
    const services = filesUnder(MODULES).filter((file) => file.endsWith('.service.ts'));
    expect(services.length).toBeGreaterThan(10);

    const offending = services.flatMap((file) => {
      const relative = path.relative(ROOT, file).split(path.sep).join('/');
      const allowed = ALLOWED[relative]?.split(' ') ?? [];
      return importsOf(file)
        .filter((target) => TRANSPORT.some((layer) => target.startsWith(`${layer}/`)))
        .filter((target) => !allowed.includes(target))
        .map((target) => `${relative} imports ${target}`);
    });
    expect(offending).toEqual([]);
  });
});
