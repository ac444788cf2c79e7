import pino, { Logger } from 'pino';
import type { LogLevel } from '../config/config';

export type { Logger };

/** JSON logs to stdout; callers add `requestId` through child loggers. Personal data is redacted. */
export function createLogger(level: LogLevel): Logger {
  return pino({
    level,
    base: { service: 'loyalty-bff' },
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
  });
}
