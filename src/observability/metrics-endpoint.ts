import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestHandler } from 'express';
import { collectDefaultMetrics, register } from 'prom-client';
import type { Logger } from '../common/logger';
import { asBackgroundWork } from '../data/sql-statement-counter';

export interface MetricsSettings {
  /** A listener of its own for /metrics (0: any free port); undefined: none. */
  port?: number;
  host: string;
  /** When set, /metrics is also served on the main port, and every scrape must send it as a bearer token. */
  token?: string;
}

/**
 * How /metrics is protected (the figures name operations, plugins and queue depths: an attacker's map,
 * though never personal data). It is served nowhere unless configured, in two ways an operator can mix:
 *
 * - `METRICS_PORT`: a listener of its own, meant to stay inside the cluster network (publish only the
 *   main port), the usual Prometheus setup. Without `METRICS_TOKEN` it answers anyone who reaches it.
 * - `METRICS_TOKEN`: /metrics on the main port as well, for `Authorization: Bearer <token>` only
 *   (Prometheus' `authorization` scrape setting); when set, the metrics port asks for it too.
 *
 * Neither set: no /metrics at all (the main port answers 404 like any unknown path).
 */
export function metricsEnabled(settings: MetricsSettings): boolean {
  return settings.port !== undefined || settings.token !== undefined;
}

let defaultMetricsStarted = false;

/** Process and event-loop metrics (CPU, memory, GC, handles, event-loop lag): once per process. */
export function collectProcessMetrics(): void {
  if (defaultMetricsStarted || register.getSingleMetric('process_cpu_seconds_total')) return;
  defaultMetricsStarted = true;
  collectDefaultMetrics();
}

/** The registry in Prometheus text format; gauges that read the database do it as background work. */
async function scrape(): Promise<string> {
  return asBackgroundWork(() => register.metrics());
}

function sameToken(expected: string, header: string | undefined): boolean {
  const sent = header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
  // Hashes have equal length, so the comparison's time says nothing about the token.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(expected), digest(sent));
}

/** GET /metrics on the main app: only with the bearer token (mounted only when a token is configured). */
export function metricsRoute(token: string): RequestHandler {
  return (req, res, next) => {
    if (req.path !== '/metrics' || req.method !== 'GET') return next();
    if (!sameToken(token, req.headers.authorization)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      res.status(401).type('text/plain').send('Metrics need the bearer token (METRICS_TOKEN)\n');
      return;
    }
    scrape()
      .then((text) => res.type(register.contentType).send(text))
      .catch(next);
  };
}

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/** The separate metrics listener: GET /metrics only, the token required when one is configured. */
export async function startMetricsServer(settings: MetricsSettings, logger: Logger): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Only GET /metrics here\n');
      return;
    }
    if (settings.token !== undefined && !sameToken(settings.token, req.headers.authorization)) {
      res
        .writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer realm="metrics"' })
        .end('Metrics need the bearer token (METRICS_TOKEN)\n');
      return;
    }
    scrape().then(
      (text) => res.writeHead(200, { 'content-type': register.contentType }).end(text),
      (error: unknown) => {
        logger.error({ err: error }, 'metrics scrape failed');
        res.writeHead(500, { 'content-type': 'text/plain' }).end('Scrape failed\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const host = settings.host === '0.0.0.0' ? 'localhost' : settings.host;
  return {
    url: `http://${host}:${port}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
