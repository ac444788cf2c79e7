import type { EntityManager } from 'typeorm';
import type { Database } from '../../data/database';
import type { Job } from '../../jobs/job';
import { daysBefore, deleteOldestFirst } from '../../jobs/retention-batches';
import { ActivityEvent } from './activity-event.entity';

/** The highest event id a consumer has read, or null when it needs nothing kept (no cursor). */
export type ActivityConsumerCursor = (manager: EntityManager) => Promise<number | null>;

/**
 * Readers of the outbox other than subscriptions (plugins' event handlers, outbound webhooks) register
 * their cursor here, so retention never deletes an event one of them has not read yet.
 */
export class ActivityRetentionHolds {
  private readonly cursors = new Map<string, ActivityConsumerCursor>();

  holdFor(consumer: string, cursor: ActivityConsumerCursor): void {
    this.cursors.set(consumer, cursor);
  }

  /** The highest id retention may delete: every consumer's cursor, never above the published horizon. */
  async deletableUpTo(manager: EntityManager, publishedHorizon: number): Promise<number> {
    let upTo = publishedHorizon;
    for (const cursor of this.cursors.values()) {
      const read = await cursor(manager);
      if (read !== null) upTo = Math.min(upTo, read);
    }
    return upTo;
  }
}

/**
 * Deletes activity events older than the retention period (ACTIVITY_RETENTION_DAYS, 30 by default):
 * a subscription can resume from a cursor that recent, and the activity history goes that far back.
 * Never an event above the published horizon (not yet delivered to subscribers) nor one a registered
 * consumer (plugins' event handlers, outbound webhooks) has not read.
 */
export function activityRetentionJob(
  db: Database,
  holds: ActivityRetentionHolds,
  publishedHorizon: () => number,
  settings: { days: number; batchSize: number },
): Job {
  return {
    name: 'activity-retention',
    description: `Delete activity events older than ${settings.days} days that every consumer has read`,
    schedule: '0 4 * * *',
    async run(now) {
      const cutoff = daysBefore(now, settings.days);
      const maxId = await holds.deletableUpTo(db.manager, publishedHorizon());
      const eventsDeleted = await deleteOldestFirst(db, {
        entity: ActivityEvent,
        table: 'activity_event',
        ageColumn: 'occurredAt',
        cutoff,
        maxId,
        batchSize: settings.batchSize,
      });
      return { eventsDeleted };
    },
  };
}
