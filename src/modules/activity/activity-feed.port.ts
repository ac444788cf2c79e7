import { Port } from '../../common/port';
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

/**
 * For a process that runs no publisher (the CLI, seeds, the schema emitter): history reads everything
 * committed, and a subscription answers that live activity is not running here.
 */
export const COMMITTED_ONLY_FEED: ActivityFeedSource = {
  horizon: () => Number.MAX_SAFE_INTEGER,
  open() {
    throw new LiveActivityUnavailableError();
  },
};

/**
 * The published stream, bound exactly once: to the running publisher by the server (src/app.ts), or
 * to COMMITTED_ONLY_FEED by a process without one. Reading it unbound throws (Port), so a process that
 * forgot to say which it is cannot quietly read past the published horizon.
 */
export class ActivityFeedPort extends Port<ActivityFeedSource> implements ActivityFeedSource {
  constructor() {
    super('activity feed → published outbox');
  }

  horizon(): number {
    return this.get().horizon();
  }

  open(criteria: ActivityCriteria, after: number | null): AsyncIterableIterator<ActivityEvent> {
    return this.get().open(criteria, after);
  }
}
