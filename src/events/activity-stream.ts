import type { ActivityCriteria, ActivityEvent } from '../modules/activity';
import { matchesCriteria } from '../modules/activity';
import type { ActivityHub } from './activity-hub';

/** Events held by one subscriber at a time: its memory never grows with the backlog. */
export const STREAM_PAGE = 100;

export type PageReader = (afterId: number, throughId: number, limit: number) => Promise<ActivityEvent[]>;

/**
 * One subscription: replay-then-live as a single pull loop over a cursor. It remembers the last id it
 * has looked at (`seen`); when the published horizon is above it, it takes the next page from the hub's
 * ring, or from the table when the ring has moved past it (a replay, or a slow consumer), filters it and
 * moves `seen` on. There is no switch between "replay" and "live", so nothing can fall between them or
 * be sent twice, and a consumer that is slow only lags: graphql-ws pulls the next event after the
 * socket took the previous one, so backpressure reaches this loop instead of a buffer.
 */
export class ActivityStream implements AsyncIterableIterator<ActivityEvent> {
  private seen: number;
  private queue: ActivityEvent[] = [];
  private closed = false;
  private readonly closing: Promise<void>;
  private signalClose!: () => void;

  constructor(
    private readonly hub: ActivityHub,
    private readonly criteria: ActivityCriteria,
    after: number | null,
    private readonly readPage: PageReader,
    private readonly onClose: (stream: ActivityStream) => void,
  ) {
    // No cursor: start at what is published now. A cursor above the horizon (from a process that is
    // ahead) simply waits for this process to get there.
    this.seen = after ?? hub.horizon();
    this.closing = new Promise((resolve) => (this.signalClose = resolve));
  }

  /** The id this subscriber has read up to (delivered or filtered out). */
  position(): number {
    return this.seen;
  }

  async next(): Promise<IteratorResult<ActivityEvent>> {
    while (!this.closed) {
      const event = this.queue.shift();
      if (event) return { value: event, done: false };
      const horizon = this.hub.horizon();
      if (this.seen < horizon) await this.fill(horizon);
      else await Promise.race([this.hub.nextAdvance(), this.closing]);
    }
    return { value: undefined, done: true };
  }

  private async fill(horizon: number): Promise<void> {
    const recent = this.hub.since(this.seen, STREAM_PAGE);
    if (recent) {
      this.seen = recent.length === STREAM_PAGE ? recent[recent.length - 1].event.id : horizon;
      this.queue = recent
        .filter((published) => matchesCriteria(this.criteria, published.event, published.tierCode))
        .map((published) => published.event);
      return;
    }
    const from = this.seen;
    const rows = await this.readPage(from, horizon, STREAM_PAGE);
    if (this.closed || this.seen !== from) return;
    this.seen = rows.length === STREAM_PAGE ? rows[rows.length - 1].id : horizon;
    this.queue = rows;
  }

  async return(): Promise<IteratorResult<ActivityEvent>> {
    if (!this.closed) {
      this.closed = true;
      this.queue = [];
      this.signalClose();
      this.onClose(this);
    }
    return { value: undefined, done: true };
  }

  async throw(error?: unknown): Promise<IteratorResult<ActivityEvent>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<ActivityEvent> {
    return this;
  }
}
