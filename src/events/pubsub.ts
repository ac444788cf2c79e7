/**
 * Notifications between server processes. Only "new activity was committed" travels here: the
 * events themselves are read from the outbox table, which is what keeps delivery ordered and
 * gap-free across processes (see outbox-tailer.ts).
 */
export interface PubSub {
  publish(channel: string, message: string): Promise<void>;
  /** Resolves once the subscription is active; the returned function unsubscribes. */
  subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
