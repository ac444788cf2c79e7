import type { IncomingMessage, ServerResponse } from 'node:http';
import { serializeErrorForLog } from '../common/log-redaction';

interface SerializedRequest {
  id?: unknown;
  method?: string;
  url?: string;
  raw?: IncomingMessage;
}

/**
 * What pino-http writes about each request: the method and path, never the query string (a GraphQL
 * GET carries `query` and `variables` there, with emails or phones), nor any header (authorization,
 * API keys and cookies are credentials). The request id ties the line to the error logs. pino-http
 * replaces the logger's serializers with its own, so errors are given the redacting one again here.
 */
export const requestLogSerializers = {
  req: (req: SerializedRequest) => ({
    id: req.id,
    method: req.method,
    path: (req.raw?.url ?? req.url ?? '').split('?')[0],
  }),
  res: (res: { statusCode?: number; raw?: ServerResponse }) => ({
    statusCode: res.statusCode ?? res.raw?.statusCode,
  }),
  err: serializeErrorForLog,
};
