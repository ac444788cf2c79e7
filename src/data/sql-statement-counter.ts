import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger as TypeOrmLogger, QueryRunner } from 'typeorm';
import type { Logger } from '../common/logger';
import { sqlShape } from '../common/log-redaction';

/**
 * TypeORM logger that counts every statement sent to the database and logs it at `debug`. Only the
 * statement's shape is logged (src/common/log-redaction.ts): never parameter values, which are
 * members' personal data, nor the values a database error quotes back.
 * The count is what tests and benchmarks read to prove that an operation runs a constant number of
 * statements (DataLoader batching), whatever the page size.
 */
const backgroundWork = new AsyncLocalStorage<true>();

/**
 * Runs `work` as background work (the outbox tailer, the webhook worker, jobs): its statements are
 * logged but not counted, so a poll that happens to run while a test measures a request does not
 * land in that request's count. Everything `work` starts (timers, awaited promises) inherits the mark.
 */
export function asBackgroundWork<T>(work: () => T): T {
  return backgroundWork.run(true, work);
}

/** A request's own statement count (the metrics middleware opens one per GraphQL request). */
export interface StatementTally {
  count: number;
}
const requestTally = new AsyncLocalStorage<StatementTally>();

/**
 * Runs `work` with `tally` counting the statements it sends (and everything it starts), so concurrent
 * requests each get their own figure, unlike `measure`, which reads the process-wide total.
 */
export function countingStatementsIn<T>(tally: StatementTally, work: () => T): T {
  return requestTally.run(tally, work);
}

export class SqlStatementCounter implements TypeOrmLogger {
  private total = 0;

  constructor(private readonly logger?: Logger) {}

  get count(): number {
    return this.total;
  }

  /** Runs `work` and returns how many statements were sent while it ran (tests run one operation at a time). */
  async measure<T>(work: () => Promise<T>): Promise<{ result: T; statements: number }> {
    const before = this.total;
    const result = await work();
    return { result, statements: this.total - before };
  }

  logQuery(query: string, parameters?: unknown[], _queryRunner?: QueryRunner): void {
    if (!backgroundWork.getStore()) {
      this.total += 1;
      const tally = requestTally.getStore();
      if (tally) tally.count += 1;
    }
    if (this.logger?.isLevelEnabled('debug'))
      this.logger.debug({ sql: sqlShape(query), parameters: parameters?.length }, 'sql');
  }

  /** `err` goes through the logger's error serializer: code and redacted message, no values. */
  logQueryError(error: string | Error, query: string, parameters?: unknown[]): void {
    this.logger?.warn({ err: error, sql: sqlShape(query), parameters: parameters?.length }, 'sql failed');
  }

  logQuerySlow(time: number, query: string): void {
    this.logger?.warn({ ms: time, sql: sqlShape(query) }, 'slow sql');
  }

  logSchemaBuild(message: string): void {
    this.logger?.debug(message);
  }

  logMigration(message: string): void {
    this.logger?.info(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger?.warn(message);
    else this.logger?.debug(message);
  }
}
