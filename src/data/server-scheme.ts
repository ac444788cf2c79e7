import mysql from 'mysql2/promise';

/**
 * The database URL with the scheme of the server it reaches: `mysql://` pointing at MariaDB becomes
 * `mariadb://`, which selects TypeORM's MariaDB dialect (see createDataSource), so the server, the
 * migration CLI and the tests read MariaDB's catalog the same way whichever scheme an operator wrote.
 * `mariadb://` and SQLite URLs are returned as they are, without connecting.
 */
export async function withServerScheme(url: string, connectTimeoutMs = 10_000): Promise<string> {
  if (!url.startsWith('mysql:')) return url;
  const connection = await mysql.createConnection({ uri: url, connectTimeout: connectTimeoutMs });
  try {
    const [rows] = await connection.query<({ version: string } & mysql.RowDataPacket)[]>(
      'SELECT VERSION() AS version',
    );
    return /mariadb/i.test(rows[0].version) ? url.replace(/^mysql:/, 'mariadb:') : url;
  } finally {
    await connection.end();
  }
}
