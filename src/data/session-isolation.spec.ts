import type { Logger as TypeOrmLogger } from 'typeorm';
import { createScratchDatabase, type TestDatabase } from '../../test/harness/test-database';
import { createDataSource } from './data-source';
import { Database } from './database';
import { hasReadCommittedSessions } from './session-isolation';

/** The MariaDB server CI runs (as in the database-faults spec: needed on the SQLite pass too). */
const MARIADB =
  process.env.TEST_DATABASE_URL && !process.env.TEST_DATABASE_URL.startsWith('sqlite:')
    ? process.env.TEST_DATABASE_URL
    : (process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/loyalty_test');

/** Every statement TypeORM sends, as text. */
class StatementLog implements TypeOrmLogger {
  readonly statements: string[] = [];
  logQuery(query: string): void {
    this.statements.push(query);
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

describe('READ COMMITTED once per pooled MySQL/MariaDB connection', () => {
  let scratch: TestDatabase;
  let db: Database;
  const log = new StatementLog();

  beforeAll(async () => {
    scratch = await createScratchDatabase(MARIADB, 'isolation');
    const dataSource = createDataSource({
      url: scratch.url,
      entities: [],
      migrations: [],
      logger: log,
      timeouts: { connectMs: 5_000, acquireMs: 5_000, queryMs: 5_000 },
    });
    await dataSource.initialize();
    db = new Database(dataSource);
  });
  afterAll(async () => {
    await db.dataSource.destroy();
    await scratch.drop();
  });

  const isolation = async (query: (sql: string) => Promise<unknown>) => {
    const [row] = (await query('SELECT @@SESSION.tx_isolation AS level')) as { level: string }[];
    return row.level;
  };

  it('runs every transaction at READ COMMITTED without a SET before it, on as many connections as the pool has', async () => {
    expect(hasReadCommittedSessions(db.dataSource)).toBe(true);
    log.statements.length = 0;
    // More transactions at once than pooled connections (10), each holding its connection a moment.
    const levels = await Promise.all(
      Array.from({ length: 15 }, () =>
        db.transaction(async (manager) => {
          await manager.query('SELECT SLEEP(0.05)');
          return isolation((sql) => manager.query(sql));
        }),
      ),
    );
    expect(levels).toEqual(Array(15).fill('READ-COMMITTED'));
    expect(log.statements.filter((s) => /ISOLATION LEVEL/i.test(s))).toEqual([]);
    expect(log.statements.filter((s) => s === 'START TRANSACTION')).toHaveLength(15);
  });

  it('reads outside a transaction at READ COMMITTED too', async () => {
    expect(await isolation((sql) => db.manager.query(sql))).toBe('READ-COMMITTED');
  });

  it('sets READ COMMITTED per transaction on a data source it did not prepare, so it still reads what others committed', async () => {
    const other = createDataSource({ url: scratch.url, entities: [], migrations: [], logger: log });
    // A data source built by hand (as a script might) rather than by createDataSource.
    const unprepared = new (other.constructor as typeof import('typeorm').DataSource)(other.options);
    await unprepared.initialize();
    try {
      await unprepared.query('CREATE TABLE IF NOT EXISTS probe (id INT PRIMARY KEY, v INT)');
      await unprepared.query('REPLACE INTO probe VALUES (1, 1)');
      log.statements.length = 0;
      const seen = await new Database(unprepared).transaction(async (manager) => {
        const before = (await manager.query('SELECT v FROM probe WHERE id = 1')) as { v: number }[];
        await db.manager.query('UPDATE probe SET v = 2 WHERE id = 1'); // another connection commits
        const after = (await manager.query('SELECT v FROM probe WHERE id = 1')) as { v: number }[];
        return [before[0].v, after[0].v];
      });
      // Under REPEATABLE READ the second read would still see 1 (the transaction's snapshot).
      expect(seen).toEqual([1, 2]);
      expect(log.statements).toContain('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
    } finally {
      await unprepared.destroy();
    }
  });
});
