import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { checkedAddress, type AddressPolicy } from './address-guard';

export const RESPONSE_BODY_LIMIT = 1024;

/** The worker's own connection pools, destroyed when it stops (so no socket outlives the server). */
export interface WebhookAgents {
  http: http.Agent;
  https: https.Agent;
}

export function webhookAgents(): WebhookAgents {
  return {
    http: new http.Agent({ keepAlive: true, maxSockets: 16 }),
    https: new https.Agent({ keepAlive: true, maxSockets: 16 }),
  };
}

export interface SendResult {
  ok: boolean;
  statusCode: number | null;
  /** At most RESPONSE_BODY_LIMIT characters. */
  responseBody: string | null;
  error: string | null;
}

/**
 * One POST: to the checked address only (the lookup is pinned), with a timeout on the whole exchange,
 * no redirect followed (a 3xx is a failed attempt) and the response body cut at 1 KiB.
 */
export async function sendWebhook(
  target: string,
  headers: Record<string, string>,
  body: string,
  options: { timeoutMs: number; policy: AddressPolicy; agents?: WebhookAgents },
): Promise<SendResult> {
  const url = new URL(target);
  let pinned;
  try {
    pinned = await checkedAddress(url, options.policy);
  } catch (error) {
    return { ok: false, statusCode: null, responseBody: null, error: (error as Error).message };
  }
  const lookup: LookupFunction = (_hostname, lookupOptions, callback) => {
    if ((lookupOptions as { all?: boolean }).all)
      (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<SendResult>((resolve) => {
    const request = client.request(
      url,
      {
        method: 'POST',
        lookup,
        agent: url.protocol === 'https:' ? options.agents?.https : options.agents?.http,
        timeout: options.timeoutMs,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'loyalty-bff-webhooks/1',
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = () => {
          const statusCode = response.statusCode ?? 0;
          resolve({
            ok: statusCode >= 200 && statusCode < 300,
            statusCode,
            responseBody: Buffer.concat(chunks).toString('utf8').slice(0, RESPONSE_BODY_LIMIT),
            error:
              statusCode >= 300 && statusCode < 400
                ? `redirect to ${response.headers.location ?? '?'} not followed`
                : statusCode >= 200 && statusCode < 300
                  ? null
                  : `HTTP ${statusCode}`,
          });
        };
        response.on('data', (chunk: Buffer) => {
          if (size < RESPONSE_BODY_LIMIT) chunks.push(chunk);
          size += chunk.length;
          if (size > 64 * RESPONSE_BODY_LIMIT) response.destroy(); // enough read: the rest is not kept
        });
        response.on('end', finish);
        response.on('close', finish);
        response.on('error', finish);
      },
    );
    const timer = setTimeout(
      () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    request.on('error', (error) => {
      clearTimeout(timer);
      resolve({ ok: false, statusCode: null, responseBody: null, error: error.message });
    });
    request.on('close', () => clearTimeout(timer));
    request.end(body);
  });
}
