import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh database for one test file, on the engine TEST_DATABASE_URL names (SQLite by default). */
export function createTestDatabase(): Promise<TestDatabase> {
  return createScratchDatabase(process.env.TEST_DATABASE_URL, 'test');
}

/**
 * A throwaway database: a temporary SQLite file when `base` is absent or `sqlite:`, or, when it points
 * at MySQL/MariaDB, a new database `<name>_<pid>_<random>` on that server (created here, dropped by
 * `drop()`), so parallel test workers and benchmarks never see each other's rows.
 */
export async function createScratchDatabase(base: string | undefined, label: string): Promise<TestDatabase> {
  const suffix = `${process.pid}_${randomBytes(4).toString('hex')}`;
  if (!base || base.startsWith('sqlite:')) {
    const file = path.join(os.tmpdir(), `loyalty-${label}-${suffix}.sqlite`);
    return {
      url: `sqlite:${file}`,
      async drop() {
        for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
      },
    };
  }
  const server = new URL(base.replace(/^mariadb:/, 'mysql:'));
  const name = `${server.pathname.slice(1) || 'loyalty_test'}_${suffix}`;
  const admin = () =>
    mysql.createConnection({
      host: server.hostname,
      port: Number(server.port || 3306),
      user: decodeURIComponent(server.username || 'root'),
      password: decodeURIComponent(server.password),
    });
  const connection = await admin();
  await connection.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await connection.end();
  server.pathname = `/${name}`;
  return {
    url: server.toString(),
    async drop() {
      const c = await admin();
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}
