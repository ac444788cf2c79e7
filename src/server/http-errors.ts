import type { ErrorRequestHandler } from 'express';
import { ErrorCode } from '../common/errors';
import type { Logger } from '../common/logger';

/**
 * Turns body-parser failures into GraphQL-shaped errors with our codes: an oversized body is 413
 * PAYLOAD_TOO_LARGE, malformed JSON is 400 BAD_REQUEST. Nothing reaches a resolver in either case.
 */
export function httpErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, _req, res, next) => {
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
    logger.error({ err: error }, 'unhandled HTTP error');
    res.status(500).json(errorBody(ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error'));
  };
}

function errorBody(code: string, message: string) {
  return { errors: [{ message, extensions: { code } }] };
}
