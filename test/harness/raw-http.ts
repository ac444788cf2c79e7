import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RawRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export type RawAnswer =
  | { kind: 'response'; status: number; headers: http.IncomingHttpHeaders; text: string }
  | { kind: 'dropped'; error: string };

/**
 * Sends one request exactly as given (no client-side JSON encoding or retries), over a keep-alive agent
 * like a browser's or a gateway's, so a server that drops a socket shows up as `dropped`.
 */
export function rawHttp(server: http.Server, agent: http.Agent, request: RawRequest): Promise<RawAnswer> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        agent,
        method: request.method,
        path: request.path,
        headers: request.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            kind: 'response',
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', (error) => resolve({ kind: 'dropped', error: String(error) }));
      },
    );
    req.on('error', (error) => resolve({ kind: 'dropped', error: String(error) }));
    req.end(request.body);
  });
}
