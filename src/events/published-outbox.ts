import type { ActivityEvent } from '../modules/activity';

/**
 * The one way background consumers (plugins' event handlers, outbound webhooks) read the outbox: after
 * a cursor of their own, never above the published horizon that subscriptions use. The horizon only
 * passes an id once it is committed or known never to commit (outbox-tailer.ts), so a consumer that
 * moves its cursor over what it read can never skip an event committed late out of id order — no
 * "wait until events are a few seconds old" heuristic needed.
 */
export interface PublishedOutbox {
  /** Every id at or below it is committed and readable, or known never to commit. */
  horizon(): number;
  /** Publishes what has committed by now (one tailer poll, shared with any poll in progress); the new horizon. */
  catchUp(): Promise<number>;
  /** Committed events in (afterId, horizon], oldest first, at most `limit`. */
  readAfter(afterId: number, limit: number): Promise<ActivityEvent[]>;
}
