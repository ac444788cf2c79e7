import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A throwaway database for one test environment of the plugin kit: a temporary SQLite file by default,
 * or a new database `<base>_<pid>_<random>` on the MySQL/MariaDB server `base` names (created here,
 * dropped by `drop()`), so parallel test files never see each other's rows.
 */
export async function createScratchDatabase(base: string | undefined): Promise<ScratchDatabase> {
  const suffix = `${process.pid}_${randomBytes(4).toString('hex')}`;
  if (!base || base.startsWith('sqlite:')) {
    const file = path.join(os.tmpdir(), `loyalty-plugin-test-${suffix}.sqlite`);
    return {
      url: `sqlite:${file}`,
      async drop() {
        for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
      },
    };
  }
  const server = new URL(base.replace(/^mariadb:/, 'mysql:'));
  const name = `${server.pathname.slice(1) || 'plugin_test'}_${suffix}`;
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
