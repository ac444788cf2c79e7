import { EventSubscriber, type AfterQueryEvent, type DataSource, type EntitySubscriberInterface } from 'typeorm';
import { isConnectionFailure, POOL_ACQUIRE_TIMEOUT } from './database-errors';

/** The parts of a mysql2 pool connection this file touches. */
interface PooledConnection {
  release(): void;
  stream?: { destroy(error?: Error): void; destroyed?: boolean };
}

/**
 * Drops a MySQL connection as soon as a statement on it fails for a connection reason (see
 * `isConnectionFailure`). mysql2 leaves a timed-out statement queued on its connection, so TypeORM's
 * ROLLBACK (and any later user of that pooled connection) would wait behind it for as long as the
 * network stalls. Failing the socket with the error makes mysql2 fail everything queued on it at once,
 * take the connection out of the pool, and the server roll the transaction back when it sees the close:
 * a write is all-or-nothing whatever statement timed out (a COMMIT that times out may or may not have
 * landed, whole; idempotency keys make the client's retry safe either way).
 */
@EventSubscriber()
export class DropFailedConnections implements EntitySubscriberInterface {
  afterQuery(event: AfterQueryEvent): void {
    if (event.success || !isConnectionFailure(event.error)) return;
    const connection = (event.queryRunner as unknown as { databaseConnection?: PooledConnection })
      .databaseConnection;
    const stream = connection?.stream;
    if (!stream || stream.destroyed) return;
    const cause = event.error as { code?: string; message?: string };
    const error = Object.assign(new Error(`Connection dropped after: ${cause.message ?? 'a failure'}`), {
      code: cause.code ?? 'PROTOCOL_CONNECTION_LOST',
      fatal: true,
    });
    stream.destroy(error);
  }
}

/**
 * A deadline on taking a connection from the pool. mysql2 (3.x) has no acquire timeout (TypeORM's
 * `acquireTimeout` is passed through and ignored), so when every pooled connection is stuck a request
 * would queue for as long as the stall lasts. A connection that arrives after the deadline goes straight
 * back to the pool.
 */
export function limitPoolAcquireTime(dataSource: DataSource, timeoutMs: number): void {
  const driver = dataSource.driver as unknown as { obtainMasterConnection(): Promise<PooledConnection> };
  const obtain = driver.obtainMasterConnection.bind(driver);
  driver.obtainMasterConnection = () =>
    new Promise<PooledConnection>((resolve, reject) => {
      let late = false;
      const timer = setTimeout(() => {
        late = true;
        reject(
          Object.assign(new Error(`No database connection became free within ${timeoutMs} ms`), {
            code: POOL_ACQUIRE_TIMEOUT,
          }),
        );
      }, timeoutMs);
      obtain().then(
        (connection) => {
          clearTimeout(timer);
          if (late) connection.release();
          else resolve(connection);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
}
