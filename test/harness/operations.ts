import type { Client } from 'graphql-ws';

export interface FormattedError {
  message: string;
  extensions?: Record<string, unknown>;
}

export interface WsOutcome {
  results: { data?: Record<string, unknown> | null; errors?: FormattedError[] }[];
  /** Errors the server sent instead of running the operation (graphql-ws `error` message). */
  errors?: FormattedError[];
  /** Set when the socket closed before the operation completed. */
  closed?: { code: number; reason: string };
}

/** Runs one operation with client.subscribe and reports what came back: results, an error message, or a close. */
export function runOverWs(
  client: Client,
  query: string,
  variables?: Record<string, unknown>,
): Promise<WsOutcome> {
  return new Promise((resolve) => {
    const results: WsOutcome['results'] = [];
    client.subscribe(
      { query, variables },
      {
        next: (result) => results.push(result as WsOutcome['results'][number]),
        error: (error) => {
          if (Array.isArray(error)) resolve({ results, errors: error as FormattedError[] });
          else if (error && typeof (error as { code?: unknown }).code === 'number') {
            const { code, reason } = error as { code: number; reason: string };
            resolve({ results, closed: { code, reason: String(reason ?? '') } });
          } else resolve({ results, errors: [{ message: String(error) }] });
        },
        complete: () => resolve({ results }),
      },
    );
  });
}

/** `member → channelIdentities → member → ...` nested to `depth` levels, selecting `id` at each. */
export function deepQuery(depth: number, id: string): string {
  const fields: string[] = [];
  for (let level = 1; level < depth; level++) fields.push(level % 2 === 1 ? 'member' : 'channelIdentities');
  let selection = 'id';
  for (const field of fields.slice(1).reverse()) selection = `id ${field} { ${selection} }`;
  return `{ member(id: "${id}") { ${selection} } }`;
}
