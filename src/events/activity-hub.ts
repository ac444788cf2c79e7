import type { ActivityEvent } from '../modules/activity';

/** A published event with the member's tier as read when it was published (for the tier filter). */
export interface PublishedEvent {
  event: ActivityEvent;
  tierCode: string | null;
}

/**
 * The published stream inside one process: the horizon (every id at or below it is resolved) and the
 * most recent events in memory, so thousands of live subscribers cost no statement per event. A
 * subscriber that falls behind the ring reads from the table instead (activity-stream.ts).
 */
export class ActivityHub {
  private ring: PublishedEvent[] = [];
  /** The ring holds every published event in (floor, horizon]. */
  private floor: number;
  private current: number;
  private advanced = deferred();

  constructor(
    horizon: number,
    private readonly capacity = 5_000,
  ) {
    this.floor = horizon;
    this.current = horizon;
  }

  horizon(): number {
    return this.current;
  }

  /** Appends events (ascending, all above the horizon) and moves the horizon, then wakes subscribers. */
  publish(events: PublishedEvent[], horizon: number): void {
    if (horizon <= this.current) return;
    this.ring.push(...events);
    if (this.ring.length > this.capacity) {
      const dropped = this.ring.splice(0, this.ring.length - this.capacity);
      this.floor = dropped[dropped.length - 1].event.id;
    }
    this.current = horizon;
    const wake = this.advanced;
    this.advanced = deferred();
    wake.resolve();
  }

  /** Up to `limit` events after `afterId`, or null when the ring no longer holds them all. */
  since(afterId: number, limit: number): PublishedEvent[] | null {
    if (afterId < this.floor) return null;
    let low = 0;
    let high = this.ring.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.ring[mid].event.id <= afterId) low = mid + 1;
      else high = mid;
    }
    return this.ring.slice(low, low + limit);
  }

  /** Resolves at the next publish. */
  nextAdvance(): Promise<void> {
    return this.advanced.promise;
  }

  /** Wakes every waiting subscriber (shutdown), so they notice they are closed. */
  wakeAll(): void {
    this.advanced.resolve();
  }
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
