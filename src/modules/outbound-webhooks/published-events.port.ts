import type { ActivityEvent } from '../activity';

/** The published outbox (src/events implements it): read below the horizon subscriptions use, never above. */
export interface PublishedEvents {
  horizon(): number;
  catchUp(): Promise<number>;
  readAfter(afterId: number, limit: number): Promise<ActivityEvent[]>;
}
