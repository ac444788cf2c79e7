import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { BetterSqlite3QueryRunner } from 'typeorm/driver/better-sqlite3/BetterSqlite3QueryRunner';
import { sqlShape } from '../common/log-redaction';

/**
 * SQL spans for the embedded SQLite engine. OpenTelemetry instruments mysql2 (production) but has no
 * better-sqlite3 instrumentation, so without this a trace on the default engine would show no database
 * work at all. TypeORM sends every statement through its query runner's `query`, which is wrapped
 * here once: a client span per statement, named like mysql2's, with the statement's shape (string
 * literals masked; values are bound parameters and never recorded).
 */
let patched = false;

export function traceSqliteStatements(): void {
  if (patched) return;
  patched = true;
  const prototype = BetterSqlite3QueryRunner.prototype;
  const original = prototype.query;
  const tracer = trace.getTracer('loyalty-bff-sqlite');
  prototype.query = function tracedQuery(
    this: BetterSqlite3QueryRunner,
    ...args: Parameters<typeof original>
  ) {
    const statement = sqlShape(String(args[0]));
    const operation = /^\s*(\w+)/.exec(statement)?.[1]?.toUpperCase() ?? 'SQL';
    return tracer.startActiveSpan(
      operation,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'db.system.name': 'sqlite',
          'db.operation.name': operation,
          'db.query.text': statement,
        },
      },
      async (span) => {
        try {
          return await original.apply(this, args);
        } catch (error) {
          span.recordException(error as Error);
          span.setStatus({ code: SpanStatusCode.ERROR });
          throw error;
        } finally {
          span.end();
        }
      },
    ) as ReturnType<typeof original>;
  };
}
