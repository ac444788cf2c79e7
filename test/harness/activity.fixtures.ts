import type { Client } from 'graphql-ws';

export interface ActivityView {
  id: string;
  cursor: string;
  type: string;
  memberId: string | null;
  channel: string | null;
  storeId: string | null;
  summary: string;
  payload: Record<string, unknown>;
}

export const ACTIVITY_FIELDS = 'id cursor type memberId channel storeId plugin summary payload occurredAt';

/** A live subscription that records what arrives; `until` waits for a condition on the received list. */
export function collect(client: Client, query: string, variables: Record<string, unknown>) {
  const received: ActivityView[] = [];
  const errors: unknown[] = [];
  let completed = false;
  const stop = client.subscribe(
    { query, variables },
    {
      next: (result) => {
        if (result.errors) errors.push(...result.errors);
        const data = result.data as Record<string, ActivityView> | undefined;
        if (data) received.push(...Object.values(data));
      },
      error: (error) => {
        errors.push(error);
        completed = true;
      },
      complete: () => (completed = true),
    },
  );
  return {
    received,
    errors,
    stop,
    get completed() {
      return completed;
    },
    async until(condition: (events: ActivityView[]) => boolean, timeoutMs = 10_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!condition(received)) {
        if (completed || errors.length > 0) throw new Error(`subscription ended: ${JSON.stringify(errors)}`);
        if (Date.now() > deadline)
          throw new Error(
            `timed out with ${received.length} events: ${JSON.stringify(received.map((e) => e.type))}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
