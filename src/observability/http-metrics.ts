import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { countingStatementsIn, type StatementTally } from '../data/sql-statement-counter';
import type { GraphQLRequestLog } from '../server/request-log';
import { kindLabel, methodLabel, operationLabel, outcomeLabel, routeLabel } from './metric-labels';
import { graphqlRequestDuration, graphqlSqlStatements, httpRequestDuration } from './metrics';

interface MetricsLocals {
  /** Filled by the request log (src/server/request-log.ts) for GraphQL requests: one classification for both. */
  graphql?: GraphQLRequestLog;
  statementTally?: StatementTally;
}

/**
 * Times every request from arrival to the last byte and records it when the response ends: the HTTP
 * histogram always, and for a GraphQL request the GraphQL histogram and its SQL statement count, with
 * the operation and outcome the request log already worked out (reused, not classified a second time).
 */
export function recordHttpMetrics(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      httpRequestDuration.observe(
        {
          method: methodLabel(req.method),
          route: routeLabel(req.originalUrl),
          status_code: String(res.statusCode),
        },
        seconds,
      );
      const { graphql, statementTally } = res.locals as MetricsLocals;
      if (!graphql) return;
      const operation = operationLabel(graphql.operation);
      const kind = kindLabel(graphql.kind);
      graphqlRequestDuration.observe({ operation, kind, outcome: outcomeLabel(graphql.outcome) }, seconds);
      if (statementTally) graphqlSqlStatements.observe({ operation, kind }, statementTally.count);
    });
    next();
  };
}

/**
 * Counts the SQL statements of one GraphQL request. Mounted right before Apollo, after the body is
 * parsed: the body parser resumes the chain from a stream event, which would lose the async context.
 */
export function countGraphQLStatements(): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) => {
    const tally: StatementTally = { count: 0 };
    (res.locals as MetricsLocals).statementTally = tally;
    countingStatementsIn(tally, next);
  };
}
