import type { EntityManager } from 'typeorm';
import { InsufficientPointsError } from '../../common/errors';
import type { ActivityService, PointsMovementEventType } from '../activity';
import type { PointsExplanation } from './explanation';
import type { PointsSource } from './points-movements';
import { LedgerEntryType } from './points.enums';
import type { AccountDelta, Balance, PointsRepository } from './points.repository';
import { clock } from '../../common/clock';

const EVENT_OF: Record<LedgerEntryType, PointsMovementEventType> = {
  EARN: 'points.earned',
  SPEND: 'points.spent',
  EXPIRE: 'points.expired',
  REVERSE: 'points.reversed',
  ADJUST: 'points.adjusted',
  HOLD: 'points.held',
  RELEASE: 'points.hold-released',
  TRANSFER: 'points.transferred',
  UNLOCK: 'points.unlocked',
};

export interface EntryDraft {
  memberId: number;
  type: LedgerEntryType;
  delta: AccountDelta;
  source: PointsSource;
  reason: string;
  explanation: PointsExplanation;
  idempotencyKey?: string | null;
  orderId?: number | null;
  holdId?: number | null;
  ruleId?: number | null;
  reversesEntryId?: number | null;
  uncollected?: number;
  at?: Date;
  /** Overrides the activity event type (a capture is a SPEND entry but a `points.hold-captured` event). */
  eventType?: PointsMovementEventType;
  /** Deltas the caller already applied to the account (to lock it before touching lots): recorded, not re-applied. */
  alreadyApplied?: AccountDelta;
  /** The account after the delta, when the caller holds its lock and knows it (saves a re-read). */
  balanceAfter?: Balance;
  /** The entry's headline points when they differ from the deltas (earnings that paid off a debt). */
  pointsOverride?: number;
}

/**
 * Writes ledger entries: applies the account delta (unless the caller already did, under its lock),
 * appends the entry and records its activity event, all in the caller's transaction. The account
 * changes only by conditional updates, so it never goes negative.
 */
export class LedgerEntries {
  constructor(
    private readonly repository: PointsRepository,
    private readonly activity: ActivityService,
  ) {}

  /** Applies a delta that takes points, or throws INSUFFICIENT_POINTS (changing nothing). */
  async take(manager: EntityManager, memberId: number, delta: AccountDelta, needed: number): Promise<void> {
    if (await this.repository.applyDelta(manager, memberId, delta)) return;
    const balance = await this.repository.balanceOf(manager, memberId, true);
    throw new InsufficientPointsError(needed, balance.available);
  }

  /** Applies the account delta (unless already applied), writes the entry and its activity event. */
  async record(manager: EntityManager, draft: EntryDraft): Promise<number> {
    if (
      Object.keys(draft.delta).length &&
      !(await this.repository.applyDelta(manager, draft.memberId, draft.delta))
    ) {
      const balance = await this.repository.balanceOf(manager, draft.memberId);
      throw new InsufficientPointsError(-(draft.delta.available ?? 0), balance.available);
    }
    const delta = { ...(draft.alreadyApplied ?? {}), ...draft.delta };
    const available = delta.available ?? 0;
    const pending = delta.pending ?? 0;
    const held = delta.held ?? 0;
    const balance = draft.balanceAfter ?? (await this.repository.balanceOf(manager, draft.memberId));
    const at = draft.at ?? clock.now();
    const points = draft.pointsOverride ?? available + pending + held;
    const entryId = await this.repository.insertEntry(manager, {
      memberId: draft.memberId,
      type: draft.type,
      points,
      availableDelta: available,
      pendingDelta: pending,
      heldDelta: held,
      availableAfter: balance.available,
      uncollected: draft.uncollected ?? 0,
      sourceKind: draft.source.kind,
      // Sources echo callers' ids (refund ids, references): cut to the columns rather than fail.
      sourceChannel: clip(draft.source.channel, 32),
      sourcePlugin: clip(draft.source.plugin, 64),
      sourceStaffUserId: clip(draft.source.staffUserId, 128),
      sourceReference: clip(draft.source.reference, 191),
      storeId: clip(draft.source.storeId, 64),
      reason: draft.reason.slice(0, 255),
      idempotencyKey: clip(draft.idempotencyKey, 191),
      orderId: draft.orderId ?? null,
      holdId: draft.holdId ?? null,
      ruleId: draft.ruleId ?? null,
      reversesEntryId: draft.reversesEntryId ?? null,
      explanationJson: JSON.stringify(draft.explanation),
      createdAt: at,
    });
    await this.activity.record(manager, {
      type: draft.eventType ?? EVENT_OF[draft.type],
      memberId: draft.memberId,
      channel: draft.source.channel ?? null,
      summary: `Member ${draft.memberId}: ${describe(draft.type, points, available)} (${draft.reason})`.slice(
        0,
        255,
      ),
      payload: {
        entryId,
        type: draft.type,
        points,
        availableDelta: available,
        pendingDelta: pending,
        heldDelta: held,
        balance: { available: balance.available, pending: balance.pending, held: balance.held },
        source: draft.source,
        orderId: draft.orderId ?? null,
        holdId: draft.holdId ?? null,
        explanation: draft.explanation.summary,
      },
    });
    return entryId;
  }
}

function describe(type: LedgerEntryType, points: number, available: number): string {
  const amount = points !== 0 ? points : available;
  return `${type.toLowerCase()} ${amount > 0 ? '+' : ''}${amount} points`;
}

function clip(value: string | null | undefined, length: number): string | null {
  return value === null || value === undefined ? null : value.slice(0, length);
}
