import type { DataSource, EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { databaseKindOf, type DatabaseKind } from './data-source';
import { isDeadlock } from './database-errors';
import { hasReadCommittedSessions } from './session-isolation';

const DEADLOCK_RETRIES = 3;

/**
 * The database as the modules see it: a DataSource plus the few things the two engines do differently.
 *
 * SQLite (better-sqlite3) has one connection shared by every query runner, so two transactions started
 * concurrently would nest into each other as savepoints. Transactions are therefore queued one at a time
 * there; MySQL/MariaDB runs them concurrently on pooled connections, at READ COMMITTED (set once per
 * connection by `readCommittedSessions`, or before each transaction on a data source it did not
 * prepare): correctness comes from conditional updates and row locks (never from a snapshot), and
 * under InnoDB's default REPEATABLE READ a plain read after taking a lock still sees the snapshot from
 * the transaction's first read (missing what another transaction committed meanwhile), while its
 * range locks deadlock inserts.
 */
export class Database {
  readonly kind: DatabaseKind;
  private sqliteQueue: Promise<unknown> = Promise.resolve();
  private readinessCheck: Promise<boolean> | undefined;
  /** Set per transaction unless every pooled connection already runs at it (`readCommittedSessions`). */
  private readonly isolation: 'READ COMMITTED' | undefined;

  constructor(readonly dataSource: DataSource) {
    this.kind = databaseKindOf(
      dataSource.options.type === 'better-sqlite3' ? 'sqlite:' : 'mysql://',
    );
    this.isolation = hasReadCommittedSessions(dataSource) ? undefined : 'READ COMMITTED';
  }

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.kind === 'mysql') return this.withDeadlockRetry(work);
    const run = this.sqliteQueue.then(() => this.dataSource.transaction(work));
    this.sqliteQueue = run.catch(() => undefined);
    return run;
  }

  /** A deadlock victim was rolled back whole, so running it again is safe; it then sees the winner's commit. */
  private async withDeadlockRetry<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await (this.isolation
          ? this.dataSource.transaction(this.isolation, work)
          : this.dataSource.transaction(work));
      } catch (error) {
        if (!isDeadlock(error) || attempt >= DEADLOCK_RETRIES) throw error;
      }
    }
  }

  /**
   * Row locks for a read-then-write inside a transaction. MySQL needs `FOR UPDATE` (a locking read also
   * sees the latest committed rows, not the transaction's snapshot); SQLite runs one transaction at a
   * time (see above) and TypeORM refuses pessimistic locks there, so the query is left as it is.
   */
  forUpdate<T extends ObjectLiteral>(query: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
    return this.kind === 'mysql' ? query.setLock('pessimistic_write') : query;
  }

  /**
   * True when the database answers and no migration is waiting to run; throws when it does not answer
   * within `timeoutMs` (a stalled network would otherwise hold the probe as long as the stall lasts).
   * Probes arriving while one is still waiting share it, so a stall never ties up more than one
   * pooled connection with probes.
   */
  isReady(timeoutMs: number): Promise<boolean> {
    this.readinessCheck ??= this.checkReadiness().finally(() => {
      this.readinessCheck = undefined;
    });
    return withDeadline(this.readinessCheck, timeoutMs);
  }

  private async checkReadiness(): Promise<boolean> {
    if (!this.dataSource.isInitialized) return false;
    await this.dataSource.query('SELECT 1');
    return !(await this.dataSource.showMigrations());
  }
}

function withDeadline<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`No answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
