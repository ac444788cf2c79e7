#!/usr/bin/env node
'use strict';
/**
 * `npm run dev`: the server recompiled and restarted on every saved change.
 *
 * tsc compiles, in watch mode (only what a change affects), not an esbuild-based runner such as tsx:
 * type-graphql reads the parameter and property types that `emitDecoratorMetadata` writes, and esbuild
 * does not write them. tsc-watch stops the running server when a compilation starts and starts it
 * again when one succeeds; after a type error the server stays down until the error is fixed, so a
 * half-typed change never serves requests. Each success stamps the server build as current (the stamp
 * scripts/ensure-built.js reads), so `npm run token` or `npm run job` in another terminal use the watch
 * output instead of rebuilding into the same dist/. The support console is built first when stale; it
 * is not watched.
 */
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { TscWatchClient } = require('tsc-watch/client');
const { PARTS, markBuilt } = require('./ensure-built');

const root = path.resolve(__dirname, '..');
process.chdir(root);

const consoleBuild = spawnSync(process.execPath, [path.join(__dirname, 'ensure-built.js'), 'console'], {
  stdio: 'inherit',
});
if (consoleBuild.status !== 0) process.exit(consoleBuild.status ?? 1);

const watch = new TscWatchClient();
let compilationStartedAt = Date.now();
watch.on('started', () => {
  compilationStartedAt = Date.now();
});
watch.on('success', () => markBuilt(root, PARTS.server, compilationStartedAt));
watch.on('exit', (code) => process.exit(code ?? 0));

// Ctrl-C reaches the whole process group: tsc-watch stops the server and exits, then so do we.
process.on('SIGINT', () => {});
// A signal for this process alone (a process manager) is passed on.
process.on('SIGTERM', () => watch.tsc?.kill('SIGTERM'));

watch.start(
  '--project',
  'tsconfig.build.json',
  '--noClear',
  '--onSuccess',
  'node --enable-source-maps dist/src/main.js',
);
