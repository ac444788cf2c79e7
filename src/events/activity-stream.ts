import { type ActivityCriteria, type ActivityEvent, matchesCriteriaExceptTier } from '../modules/activity';
import type { ActivityHub, AdvanceWait } from './activity-hub';

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
 *
 * The tier filter means the member's tier when the event is read, and only the table read applies it
 * (the ring holds no tiers). So a tier-filtered stream uses the ring only to learn whether a page can
 * hold a match; when it can, it reads that page from the table. Replay and live thus follow one rule,
 * and a page with no candidate (other types, members, channels...) costs no statement.
 */
export class ActivityStream implements AsyncIterableIterator<ActivityEvent> {
  private seen: number;
  private queue: ActivityEvent[] = [];
  private closed = false;
  private wait: AdvanceWait | null = null;
  private readonly tierFiltered: boolean;

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
    this.tierFiltered = (criteria.tierCodes?.length ?? 0) > 0;
  }

  /** The id this subscriber has read up to (delivered or filtered out). */
  position(): number {
    return this.seen;
  }

  /**
   * The events already read that `next()` would return without waiting, taken at once (at most one
   * page): a sender can write them to its socket together instead of one write per event.
   */
  takeReady(): ActivityEvent[] {
    const ready = this.queue;
    this.queue = [];
    return ready;
  }

  async next(): Promise<IteratorResult<ActivityEvent>> {
    while (!this.closed) {
      const event = this.queue.shift();
      if (event) return { value: event, done: false };
      const horizon = this.hub.horizon();
      if (this.seen < horizon) await this.fill(horizon);
      else {
        // A wait of its own, which return() cancels: nothing outlives it (see ActivityHub).
        this.wait = this.hub.nextAdvance();
        await this.wait.promise;
        this.wait = null;
      }
    }
    return { value: undefined, done: true };
  }

  private async fill(horizon: number): Promise<void> {
    const from = this.seen;
    const recent = this.hub.since(from, STREAM_PAGE);
    if (!recent) return this.readTable(from, horizon);
    const through = recent.length === STREAM_PAGE ? recent[recent.length - 1].id : horizon;
    const candidates = recent.filter((event) => matchesCriteriaExceptTier(this.criteria, event));
    if (this.tierFiltered && candidates.length > 0) return this.readTable(from, through);
    this.seen = through;
    this.queue = candidates;
  }

  /** The next page in (from, through] from the table, with the whole filter (tier included). */
  private async readTable(from: number, through: number): Promise<void> {
    const rows = await this.readPage(from, through, STREAM_PAGE);
    if (this.closed || this.seen !== from) return;
    this.seen = rows.length === STREAM_PAGE ? rows[rows.length - 1].id : through;
    this.queue = rows;
  }

  async return(): Promise<IteratorResult<ActivityEvent>> {
    if (!this.closed) {
      this.closed = true;
      this.queue = [];
      this.wait?.cancel();
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
