import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import packageJson from '../package.json';

interface Part {
  stamp: string;
  inputs: string[];
  commands: string[][];
}
interface EnsureBuilt {
  PARTS: Record<string, Part>;
  isStale(root: string, part: Part): boolean;
  markBuilt(root: string, part: Part, startedAt: number): void;
}
// A plain Node script (it must run before anything is compiled), so it is required, not imported.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ensureBuilt = require('../scripts/ensure-built.js') as EnsureBuilt;

describe('scripts/ensure-built.js', () => {
  let root: string;
  const part: Part = { stamp: 'dist/.built', inputs: ['src', 'tsconfig.json'], commands: [] };
  const at = (file: string, seconds: number) => fs.utimesSync(path.join(root, file), seconds, seconds);

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'ensure-built-'));
    fs.mkdirSync(path.join(root, 'src/deep'), { recursive: true });
    fs.writeFileSync(path.join(root, 'src/deep/a.ts'), 'export {};');
    fs.writeFileSync(path.join(root, 'src/b.ts'), 'export {};');
    fs.writeFileSync(path.join(root, 'tsconfig.json'), '{}');
    for (const file of ['src/deep/a.ts', 'src/b.ts', 'src/deep', 'src', 'tsconfig.json']) at(file, 1_000);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('builds when nothing was built yet, and not again while no input changed', () => {
    expect(ensureBuilt.isStale(root, part)).toBe(true);
    ensureBuilt.markBuilt(root, part, 2_000_000);
    expect(ensureBuilt.isStale(root, part)).toBe(false);
  });

  it('builds again when a nested source file, a config file or a folder (a deleted file) is newer', () => {
    ensureBuilt.markBuilt(root, part, 2_000_000);
    at('src/deep/a.ts', 3_000);
    expect(ensureBuilt.isStale(root, part)).toBe(true);

    ensureBuilt.markBuilt(root, part, 4_000_000);
    at('tsconfig.json', 5_000);
    expect(ensureBuilt.isStale(root, part)).toBe(true);

    ensureBuilt.markBuilt(root, part, 6_000_000);
    fs.rmSync(path.join(root, 'src/b.ts'));
    at('src', 7_000);
    expect(ensureBuilt.isStale(root, part)).toBe(true);
  });

  it('builds again when a file was saved while the last build ran (the stamp is the start time)', () => {
    at('src/b.ts', 2_500);
    ensureBuilt.markBuilt(root, part, 2_000_000);
    expect(ensureBuilt.isStale(root, part)).toBe(true);
  });

  it('is what the helper commands run first, so a current build is not rebuilt', () => {
    const scripts = packageJson.scripts as Record<string, string>;
    for (const name of ['token', 'job', 'plugin', 'seed', 'start']) {
      const command = name === 'start' ? scripts.prestart : scripts[name];
      expect(command).toMatch(/^node scripts\/ensure-built\.js\b/);
      expect(command).not.toMatch(/npm run( -s)? build/);
    }
    expect(Object.keys(ensureBuilt.PARTS).sort()).toEqual(['console', 'server']);
  });
});
