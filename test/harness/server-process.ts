import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** dist/src/main.js from the sources (ts-jest) or from the compiled harness (dist/test/harness, benchmarks). */
const MAIN =
  [
    path.join(__dirname, '..', '..', 'dist', 'src', 'main.js'),
    path.join(__dirname, '..', '..', 'src', 'main.js'),
  ].find((file) => fs.existsSync(file)) ?? path.join(__dirname, '..', '..', 'dist', 'src', 'main.js');

export interface ServerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServerProcess {
  url: string;
  wsUrl: string;
  /** Sends SIGTERM (as an orchestrator does) and answers how the process ended. */
  stop(): Promise<ServerExit>;
}

/**
 * The built server (`npm run build`) as its own operating-system process, as production runs it:
 * for tests that need two processes sharing a database and Redis.
 */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first`);
  const child: ChildProcess = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      ...sameClockAsThisProcess(),
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /GraphQL endpoint:\s+(\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return {
    url: url.replace('localhost', '127.0.0.1'),
    wsUrl: url.replace('http', 'ws').replace('localhost', '127.0.0.1'),
    stop: () =>
      new Promise<ServerExit>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          return resolve({ code: child.exitCode, signal: child.signalCode });
        }
        child.once('exit', (code, signal) => resolve({ code, signal }));
        child.kill('SIGTERM');
      }),
  };
}

/**
 * libfaketime's variables (CI runs the suite once with `faketime -f +400d`): the server process keeps
 * the test's wall clock, so what the test signs or dates "now" is now for the server too (a webhook's
 * X-Shopify-Triggered-At would otherwise be 400 days from the server's time, and refused as stale).
 */
function sameClockAsThisProcess(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined &&
        /^(FAKETIME.*|LD_PRELOAD|DYLD_INSERT_LIBRARIES|DYLD_FORCE_FLAT_NAMESPACE)$/.test(entry[0]),
    ),
  );
}
