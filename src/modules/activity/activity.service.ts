import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ActivityEvent } from './activity-event.entity';
import { ActivityFeedPort } from './activity-feed.port';
import { clock } from '../../common/clock';
import { isActivityEventType, type ActivityEventType, type ActivityPayload } from './events';

interface ActivityRecordFields {
  memberId: number | null;
  channel?: string | null;
  /** The store the change happened in; taken from `payload.storeId` or `payload.source.storeId` when absent. */
  storeId?: string | null;
  /** The plugin that caused the change; taken from `payload.plugin` or `payload.source.plugin` when absent. */
  plugin?: string | null;
  /** Human summary for the support console; no personal data (ids and counts only). */
  summary: string;
}

/**
 * One event of the catalogue: the payload's type follows from `type` (a union of types takes the union
 * of their records, so each type still gets its own payload).
 */
export type ActivityRecord<T extends ActivityEventType = ActivityEventType> = {
  [K in T]: ActivityRecordFields & { type: K; payload: ActivityPayload<K> };
}[T];

/** An event a plugin publishes (`<plugin>.<type>`, permission activity:publish): outside the catalogue. */
export interface PluginActivityRecord extends ActivityRecordFields {
  type: `${string}.${string}`;
  payload?: Record<string, unknown>;
}

/** Set on a transaction's query runner once it wrote an event, so only those commits wake the publisher. */
export const ACTIVITY_WRITTEN = 'activityWritten';

/** Appends to the activity outbox inside the caller's transaction; publishing after commit reads from it. */
export class ActivityService {
  /** Where subscriptions read the published stream; filled by src/events when the server starts. */
  readonly feed = new ActivityFeedPort();

  /** Transactions whose events are held for one multi-row insert at the end of `batched`. */
  private readonly held = new WeakMap<EntityManager, QueryDeepPartialEntity<ActivityEvent>[]>();

  /**
   * Runs `work` with the events it records in `manager`'s transaction written together, in one
   * multi-row insert after it (in the order they were recorded, so ids keep that order): an order
   * writes its points' event and its own in one round trip. Nested calls join the outer one.
   */
  async batched<R>(manager: EntityManager, work: () => Promise<R>): Promise<R> {
    if (this.held.has(manager)) return work();
    const rows: QueryDeepPartialEntity<ActivityEvent>[] = [];
    this.held.set(manager, rows);
    try {
      const result = await work();
      if (rows.length) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(ActivityEvent)
          .values(rows)
          .updateEntity(false)
          .execute();
        this.markWritten(manager);
      }
      return result;
    } finally {
      this.held.delete(manager);
    }
  }

  /** Writes one catalogue event; a type the catalogue does not list is refused (a programming error). */
  async record<T extends ActivityEventType>(manager: EntityManager, event: ActivityRecord<T>): Promise<void> {
    if (!isActivityEventType(event.type))
      throw new Error(
        `Activity event type ${event.type} is not in the catalogue (packages/plugin-sdk/src/events.ts)`,
      );
    await this.write(manager, event, event.payload as object);
  }

  /** Writes an event a plugin published; it may not pass itself off as a catalogue event. */
  async recordPluginEvent(manager: EntityManager, event: PluginActivityRecord): Promise<void> {
    if (isActivityEventType(event.type))
      throw new Error(`A plugin cannot publish the core's event type ${event.type}`);
    await this.write(manager, event, event.payload ?? {});
  }

  private async write(
    manager: EntityManager,
    event: ActivityRecordFields & { type: string },
    payloadObject: object,
  ): Promise<void> {
    const payload = payloadObject as Record<string, unknown>;
    const row = {
      type: event.type,
      memberId: event.memberId,
      channel: event.channel ?? null,
      storeId: clip(event.storeId ?? fromPayload(payload, 'storeId')),
      plugin: clip(event.plugin ?? fromPayload(payload, 'plugin')),
      summary: event.summary,
      payloadJson: JSON.stringify(payload),
      occurredAt: clock.now(),
    };
    const held = this.held.get(manager);
    if (held) {
      held.push(row);
      return;
    }
    await manager.insert(ActivityEvent, row);
    this.markWritten(manager);
  }

  private markWritten(manager: EntityManager): void {
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
