import type { ActivityCriteria } from './activity-criteria';
import type { ActivityEvent } from './activity-event.entity';

/**
 * The published activity stream as the activity module's resolvers see it. src/events implements it
 * (outbox tailer, PubSub, replay-then-live); the module only declares what it needs, so it never
 * imports the transport or the PubSub.
 */
export interface ActivityFeedSource {
  /** Every id at or below the horizon is either committed and readable, or known never to commit. */
  horizon(): number;
  /** Events after `after` (replayed from the table), then live ones, in id order, each once. */
  open(criteria: ActivityCriteria, after: number | null): AsyncIterableIterator<ActivityEvent>;
}

export class LiveActivityUnavailableError extends Error {
  constructor() {
    super('Live activity is not running in this process');
  }
}

/** Filled once the events runtime starts; the CLI and jobs run without it. */
export class ActivityFeedPort implements ActivityFeedSource {
  private source: ActivityFeedSource | null = null;

  use(source: ActivityFeedSource | null): void {
    this.source = source;
  }

  /** Without a running publisher nothing caps the history (the CLI reads what is committed). */
  horizon(): number {
    return this.source?.horizon() ?? Number.MAX_SAFE_INTEGER;
  }

  open(criteria: ActivityCriteria, after: number | null): AsyncIterableIterator<ActivityEvent> {
    if (!this.source) throw new LiveActivityUnavailableError();
    return this.source.open(criteria, after);
  }
}
