import type { ActivityEvent } from '../modules/activity';

/** A subscriber's wait for the next publish; `cancel` ends it early (the subscriber closed). */
export interface AdvanceWait {
  promise: Promise<void>;
  cancel(): void;
}

/**
 * The published stream inside one process: the horizon (every id at or below it is resolved) and the
 * most recent events in memory, so thousands of live subscribers cost no statement per event. A
 * subscriber that falls behind the ring reads from the table instead (activity-stream.ts).
 *
 * Waiting subscribers sit in a set that each publish empties, and a closing subscriber removes its own
 * wait: nothing a subscriber waits on outlives one wait, so an idle subscription holds O(1) memory
 * however many events go by (a shared "closing" promise raced on every wait kept one reaction per
 * publish alive until the subscription closed).
 */
export class ActivityHub {
  private ring: ActivityEvent[] = [];
  /** The ring holds every published event in (floor, horizon]. */
  private floor: number;
  private current: number;
  private readonly waiters = new Set<() => void>();

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
  publish(events: ActivityEvent[], horizon: number): void {
    if (horizon <= this.current) return;
    this.ring.push(...events);
    if (this.ring.length > this.capacity) {
      const dropped = this.ring.splice(0, this.ring.length - this.capacity);
      this.floor = dropped[dropped.length - 1].id;
    }
    this.current = horizon;
    this.wakeAll();
  }

  /** Up to `limit` events after `afterId`, or null when the ring no longer holds them all. */
  since(afterId: number, limit: number): ActivityEvent[] | null {
    if (afterId < this.floor) return null;
    let low = 0;
    let high = this.ring.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.ring[mid].id <= afterId) low = mid + 1;
      else high = mid;
    }
    return this.ring.slice(low, low + limit);
  }

  /** A wait that resolves at the next publish, or at once when cancelled. */
  nextAdvance(): AdvanceWait {
    let wake!: () => void;
    const promise = new Promise<void>((resolve) => {
      wake = () => {
        this.waiters.delete(wake);
        resolve();
      };
    });
    this.waiters.add(wake);
    return { promise, cancel: wake };
  }

  /** Subscribers waiting for the next publish (at most one per open subscription). */
  waiting(): number {
    return this.waiters.size;
  }

  /** Wakes every waiting subscriber (a publish, or shutdown so they notice they are closed). */
  wakeAll(): void {
    const waking = [...this.waiters];
    this.waiters.clear();
    for (const wake of waking) wake();
  }
}
