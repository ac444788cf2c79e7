import pino, { type DestinationStream, Logger } from 'pino';
import type { LogLevel } from '../config/config';
import { serializeErrorForLog } from './log-redaction';

export type { Logger };

/**
 * JSON logs to stdout (or `destination`, for tests that read them); callers add `requestId` through
 * child loggers. Personal data is redacted: named fields below, and errors keep only their shape.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'loyalty-bff' },
    serializers: { err: serializeErrorForLog },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers["x-api-key"]',
        '*.email',
        '*.phone',
        '*.token',
        'connectionParams',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
