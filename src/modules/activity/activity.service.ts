import type { EntityManager } from 'typeorm';
import { ActivityEvent } from './activity-event.entity';

export interface ActivityRecord {
  type: string;
  memberId: number | null;
  channel?: string | null;
  /** Human summary for the support console; no personal data (ids and counts only). */
  summary: string;
  payload?: Record<string, unknown>;
}

/** Appends to the activity outbox inside the caller's transaction; publishing after commit reads from it. */
export class ActivityService {
  async record(manager: EntityManager, event: ActivityRecord): Promise<void> {
    await manager.insert(ActivityEvent, {
      type: event.type,
      memberId: event.memberId,
      channel: event.channel ?? null,
      summary: event.summary,
      payloadJson: JSON.stringify(event.payload ?? {}),
      occurredAt: new Date(),
    });
  }
}
