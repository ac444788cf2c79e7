import type { ErrorRequestHandler } from 'express';
import { ErrorCode, RETRY_AFTER_SECONDS } from '../common/errors';
import type { Logger } from '../common/logger';
import { isDatabaseUnavailable } from '../data/database-errors';

/**
 * Turns body-parser failures into GraphQL-shaped errors with our codes: an oversized body is 413
 * PAYLOAD_TOO_LARGE, malformed JSON or an unreadable body (bad compression) is 400 BAD_REQUEST, an
 * unsupported encoding 415. Nothing reaches a resolver in any case; only our own faults answer 500.
 */
export function httpErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const type = (error as { type?: string }).type;
    if (type === 'entity.too.large') {
      res.status(413).json(errorBody(ErrorCode.PAYLOAD_TOO_LARGE, 'The request body is larger than allowed'));
      return;
    }
    if (type === 'entity.parse.failed') {
      res.status(400).json(errorBody(ErrorCode.BAD_REQUEST, 'The request body is not valid JSON'));
      return;
    }
    if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
      res.status(415).json(errorBody(ErrorCode.BAD_REQUEST, 'Unsupported body encoding'));
      return;
    }
    const status = clientErrorStatus(error);
    if (status !== null) {
      // The body could not be read as sent: a Content-Encoding the bytes do not match (not gzip, cut
      // short), a Content-Length that does not match, or a client that went away mid-body.
      res
        .status(status)
        .json(errorBody(ErrorCode.BAD_REQUEST, clientErrorMessage(error, req.headers['content-encoding'])));
      return;
    }
    if (isDatabaseUnavailable(error)) {
      // An outage (e.g. a webhook arriving while the database is down): the sender should retry.
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      const message = 'The service is temporarily unavailable: retry shortly';
      res.status(503).json(errorBody(ErrorCode.SERVICE_UNAVAILABLE, message));
      return;
    }
    logger.error({ err: error }, 'unhandled HTTP error');
    res.status(500).json(errorBody(ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error'));
  };
}

/**
 * body-parser marks failures that are the sender's fault with a 4xx `status` (http-errors), e.g. a
 * zlib error while inflating a body that claims to be compressed; only those answer 4xx.
 */
function clientErrorStatus(error: unknown): number | null {
  const { status, expose } = error as { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && expose === true ? status : null;
}

function clientErrorMessage(error: unknown, encoding: string | undefined): string {
  // zlib and brotli failures carry a numeric errno; raw-body's own ones (length, abort) do not.
  const inflating = typeof (error as { errno?: unknown }).errno === 'number';
  return inflating
    ? `The request body is not valid ${encoding ?? 'compressed'} data (not compressed that way, or cut short)`
    : 'The request body could not be read (its length does not match Content-Length, or it was cut short)';
}

function errorBody(code: string, message: string) {
  return { errors: [{ message, extensions: { code } }] };
}
