#!/usr/bin/env node
'use strict';
/**
 * Builds only what is out of date, so `npm run token|job|plugin|seed` run the compiled command at once
 * when dist is current (a full `npm run build` takes most of a minute) and `npm start` on a fresh clone
 * still builds everything first. A part is stale when any of its inputs (files or folders: a deleted
 * file changes its folder) is newer than the part's stamp; the stamp carries the time the build
 * started, so a file saved during a build makes the next run build again.
 *
 *   node scripts/ensure-built.js [server] [console] [--force]     (no part named: server)
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const PARTS = {
  server: {
    stamp: 'dist/.server-built',
    inputs: [
      'packages',
      'src',
      'plugins',
      'migrations',
      'seeds',
      'bench',
      'ormconfig.ts',
      'tsconfig.json',
      'tsconfig.build.json',
      'package.json',
    ],
    // The workspace packages first: the server compiles against their declarations and loads their dist/.
    commands: [
      ['tsc', '-p', 'packages/plugin-sdk/tsconfig.json'],
      ['tsc', '-p', 'packages/plugin-testing/tsconfig.json'],
      ['tsc', '-p', 'tsconfig.build.json'],
    ],
  },
  console: {
    // The browser bundles: the support console (dist/console) and the development GraphQL IDE
    // (console/graphiql → dist/graphiql). Not inside dist/console: vite empties that folder on every build.
    stamp: 'dist/.console-built',
    inputs: ['console', 'package.json'],
    commands: [
      ['tsc', '-p', 'console/tsconfig.json'],
      ['vite', 'build', '--config', 'console/vite.config.ts'],
      ['vite', 'build', '--config', 'console/graphiql/vite.config.ts'],
    ],
  },
};

const SKIPPED = new Set(['node_modules', 'dist', '.git']);

/** The newest modification time (ms) among the inputs, folders included; 0 when none exists. */
function newestInput(root, inputs) {
  let newest = 0;
  const visit = (file) => {
    let stat;
    try {
      stat = fs.statSync(file);
    } catch {
      return;
    }
    newest = Math.max(newest, stat.mtimeMs);
    if (!stat.isDirectory()) return;
    for (const entry of fs.readdirSync(file)) {
      if (!SKIPPED.has(entry)) visit(path.join(file, entry));
    }
  };
  for (const input of inputs) visit(path.join(root, input));
  return newest;
}

function isStale(root, part) {
  let built;
  try {
    built = fs.statSync(path.join(root, part.stamp)).mtimeMs;
  } catch {
    return true;
  }
  return newestInput(root, part.inputs) > built;
}

/** Records a build that started at `startedAt` (ms). */
function markBuilt(root, part, startedAt) {
  const stamp = path.join(root, part.stamp);
  fs.mkdirSync(path.dirname(stamp), { recursive: true });
  fs.writeFileSync(stamp, `${new Date(startedAt).toISOString()}\n`);
  fs.utimesSync(stamp, startedAt / 1000, startedAt / 1000);
}

function build(root, part) {
  const startedAt = Date.now();
  for (const [tool, ...args] of part.commands) {
    const bin = path.join(root, 'node_modules', '.bin', tool);
    const result = spawnSync(bin, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
  markBuilt(root, part, startedAt);
}

function main(argv) {
  const root = path.resolve(__dirname, '..');
  const force = argv.includes('--force');
  const names = argv.filter((arg) => !arg.startsWith('--'));
  for (const name of names.length ? names : ['server']) {
    const part = PARTS[name];
    if (!part) {
      console.error(`ensure-built: unknown part "${name}" (known: ${Object.keys(PARTS).join(', ')})`);
      process.exit(2);
    }
    if (force || isStale(root, part)) build(root, part);
  }
}

module.exports = { PARTS, newestInput, isStale, markBuilt };

if (require.main === module) main(process.argv.slice(2));
