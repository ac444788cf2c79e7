import { createClient, type Client } from 'graphql-ws';

/** GraphQL over HTTP and graphql-ws with the staff token the console signed in with. */
export class Api {
  constructor(private token: string) {}

  /** A refreshed token: the next request uses it, and so does the next socket (connectionParams). */
  setToken(token: string): void {
    this.token = token;
  }

  async query<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(body.errors.map((error) => error.message).join('; '));
    return body.data as T;
  }

  /** One socket per (re)connection: the console resubscribes itself with its last cursor. */
  socket(on: { connected(): void; closed(code: number): void }): Client {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
    return createClient({
      url,
      connectionParams: () => ({ authorization: `Bearer ${this.token}` }),
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => undefined,
      on: {
        connected: () => on.connected(),
        closed: (event) => on.closed((event as CloseEvent).code),
      },
    });
  }
}
