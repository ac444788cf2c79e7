import type { DataSource } from 'typeorm';

/** The parts of a mysql2 pool connection this file touches. */
interface PooledConnection {
  query(options: { sql: string; timeout?: number }, callback: (error: Error | null) => void): void;
  destroy(): void;
}

const SET_READ_COMMITTED = 'SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED';

/** Data sources whose every pooled connection runs at READ COMMITTED from its first use. */
const prepared = new WeakSet<DataSource>();

/**
 * Gives each pooled MySQL/MariaDB connection READ COMMITTED once, the first time it is taken from the
 * pool, instead of a `SET TRANSACTION ISOLATION LEVEL` before every transaction: one round trip less
 * per transaction (issue 12: an order's statements). A connection whose SET fails is destroyed and the
 * failure is the caller's, so no connection ever runs a transaction at the server's default
 * (REPEATABLE READ, see `Database`). The SET runs inside the pool's acquire deadline
 * (`limitPoolAcquireTime` wraps this), so a stalled network fails fast here as it does for the first
 * statement.
 */
export function readCommittedSessions(dataSource: DataSource, statementTimeoutMs?: number): void {
  const driver = dataSource.driver as unknown as { obtainMasterConnection(): Promise<PooledConnection> };
  const obtain = driver.obtainMasterConnection.bind(driver);
  const ready = new WeakSet<PooledConnection>();
  driver.obtainMasterConnection = async () => {
    const connection = await obtain();
    if (ready.has(connection)) return connection;
    try {
      await new Promise<void>((resolve, reject) =>
        connection.query({ sql: SET_READ_COMMITTED, timeout: statementTimeoutMs }, (error) =>
          error ? reject(error) : resolve(),
        ),
      );
    } catch (error) {
      connection.destroy();
      throw error;
    }
    ready.add(connection);
    return connection;
  };
  prepared.add(dataSource);
}

/** True when `readCommittedSessions` prepared this data source (its transactions need no SET). */
export function hasReadCommittedSessions(dataSource: DataSource): boolean {
  return prepared.has(dataSource);
}
