import type { EntityManager } from 'typeorm';
import { ActivityEvent } from './activity-event.entity';
import { ActivityFeedPort } from './activity-feed.port';
import { clock } from '../../common/clock';

export interface ActivityRecord {
  type: string;
  memberId: number | null;
  channel?: string | null;
  /** The store the change happened in; taken from `payload.storeId` or `payload.source.storeId` when absent. */
  storeId?: string | null;
  /** The plugin that caused the change; taken from `payload.plugin` or `payload.source.plugin` when absent. */
  plugin?: string | null;
  /** Human summary for the support console; no personal data (ids and counts only). */
  summary: string;
  payload?: Record<string, unknown>;
}

/** Set on a transaction's query runner once it wrote an event, so only those commits wake the publisher. */
export const ACTIVITY_WRITTEN = 'activityWritten';

/** Appends to the activity outbox inside the caller's transaction; publishing after commit reads from it. */
export class ActivityService {
  /** Where subscriptions read the published stream; filled by src/events when the server starts. */
  readonly feed = new ActivityFeedPort();

  async record(manager: EntityManager, event: ActivityRecord): Promise<void> {
    const payload = event.payload ?? {};
    await manager.insert(ActivityEvent, {
      type: event.type,
      memberId: event.memberId,
      channel: event.channel ?? null,
      storeId: clip(event.storeId ?? fromPayload(payload, 'storeId')),
      plugin: clip(event.plugin ?? fromPayload(payload, 'plugin')),
      summary: event.summary,
      payloadJson: JSON.stringify(payload),
      occurredAt: clock.now(),
    });
    if (manager.queryRunner)
      manager.queryRunner.data = { ...manager.queryRunner.data, [ACTIVITY_WRITTEN]: true };
  }
}

/** Modules already put the store and plugin in their payloads (orders at the top, ledger entries under `source`). */
function fromPayload(payload: Record<string, unknown>, key: 'storeId' | 'plugin'): string | null {
  const source = payload.source as Record<string, unknown> | undefined;
  const value = payload[key] ?? source?.[key];
  return typeof value === 'string' && value !== '' ? value : null;
}

function clip(value: string | null): string | null {
  return value === null ? null : value.slice(0, 64);
}
