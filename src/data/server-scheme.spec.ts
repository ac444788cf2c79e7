import { createScratchDatabase } from '../../test/harness/test-database';
import { withServerScheme } from './server-scheme';

/** The MariaDB server CI runs (as in the database-faults spec: needed on the SQLite pass too). */
const MARIADB =
  process.env.TEST_DATABASE_URL && !process.env.TEST_DATABASE_URL.startsWith('sqlite:')
    ? process.env.TEST_DATABASE_URL
    : (process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/loyalty_test');

describe('withServerScheme', () => {
  it('names a MariaDB server mariadb:// when the URL says mysql://, keeping the rest of the URL', async () => {
    const database = await createScratchDatabase(MARIADB, 'scheme');
    try {
      const url = database.url.replace(/^mariadb:/, 'mysql:');
      expect(await withServerScheme(url)).toBe(url.replace(/^mysql:/, 'mariadb:'));
    } finally {
      await database.drop();
    }
  });

  it('returns mariadb:// and SQLite URLs as they are, without connecting', async () => {
    // Port 1 is closed: a connection attempt would fail the call.
    expect(await withServerScheme('mariadb://root@127.0.0.1:1/db')).toBe('mariadb://root@127.0.0.1:1/db');
    expect(await withServerScheme('sqlite:./data/x.sqlite')).toBe('sqlite:./data/x.sqlite');
  });
});
