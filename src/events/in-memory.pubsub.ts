import type { PubSub } from './pubsub';

/** One process, no Redis: listeners are called on the next tick, as a broker would. */
export class InMemoryPubSub implements PubSub {
  private readonly listeners = new Map<string, Set<(message: string) => void>>();

  async publish(channel: string, message: string): Promise<void> {
    for (const listener of this.listeners.get(channel) ?? []) queueMicrotask(() => listener(message));
  }

  async subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>> {
    const set = this.listeners.get(channel) ?? new Set();
    set.add(listener);
    this.listeners.set(channel, set);
    return async () => {
      set.delete(listener);
    };
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
