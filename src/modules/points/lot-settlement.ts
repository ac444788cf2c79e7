import type { EntityManager } from 'typeorm';
import type { PointsLot } from './points-lot.entity';
import { LedgerEntryType, LotStatus, PointsSourceKind } from './points.enums';
import type { PointsRepository } from './points.repository';
import type { LedgerEntries } from './ledger-entries';
/** Lots whose date has come: expired ones leave the balance, pending ones become usable; one entry each. */
export class LotSettlement {
  constructor(
    private readonly repository: PointsRepository,
    private readonly entries: LedgerEntries,
  ) {}

  /**
   * Expires a member's lots whose date has passed: one EXPIRE entry for all of them. Every movement
   * calls it first, so none can take points that are already past their expiry (a refund needing
   * "other points" would otherwise eat them and leave the live ones) nor count them in the balance it
   * records or reports. One locking read when nothing is due.
   */
  async expireDue(manager: EntityManager, memberId: number, now: Date): Promise<number> {
    const lots = await this.repository.dueLotsOf(manager, memberId, LotStatus.ACTIVE, 'expiresAt', now);
    return this.settleLots(manager, memberId, lots, LotStatus.EXPIRED, now);
  }

  /** Makes a member's pending lots usable once their return window has closed: one UNLOCK entry. */
  async unlockDue(manager: EntityManager, memberId: number, now: Date): Promise<number> {
    const lots = await this.repository.dueLotsOf(manager, memberId, LotStatus.PENDING, 'pendingUntil', now);
    return this.settleLots(manager, memberId, lots, LotStatus.ACTIVE, now);
  }

  private async settleLots(
    manager: EntityManager,
    memberId: number,
    lots: PointsLot[],
    to: LotStatus.EXPIRED | LotStatus.ACTIVE,
    now: Date,
  ): Promise<number> {
    let total = 0;
    const moved: PointsLot[] = [];
    for (const lot of lots) {
      const from = to === LotStatus.EXPIRED ? LotStatus.ACTIVE : LotStatus.PENDING;
      const values: Partial<PointsLot> =
        to === LotStatus.EXPIRED
          ? { status: to, remaining: 0, expiredPoints: lot.remaining }
          : { status: to };
      if (await this.repository.transitionLot(manager, lot, from, values)) {
        total += lot.remaining;
        moved.push(lot);
      }
    }
    if (total === 0) return 0;
    const expiring = to === LotStatus.EXPIRED;
    const delta = expiring ? { available: -total } : { pending: -total, available: total };
    await this.entries.take(manager, memberId, delta, total);
    await this.entries.record(manager, {
      memberId,
      type: expiring ? LedgerEntryType.EXPIRE : LedgerEntryType.UNLOCK,
      delta: {},
      alreadyApplied: delta,
      source: { kind: PointsSourceKind.JOB },
      reason: expiring ? 'Points expired' : 'Return window closed',
      explanation: {
        summary: expiring
          ? `${total} points from ${moved.length} lot(s) expired`
          : `${total} pending points from ${moved.length} lot(s) became usable`,
        rules: [],
        inputs: {
          lots: moved.map((l) => ({ lotId: l.id, points: l.remaining, earnedAt: l.earnedAt.toISOString() })),
        },
        steps: moved.map((l) =>
          expiring
            ? `lot #${l.id}: ${l.remaining} points, expired ${l.expiresAt?.toISOString()}`
            : `lot #${l.id}: ${l.remaining} points, pending until ${l.pendingUntil?.toISOString()}`,
        ),
      },
      at: now,
    });
    return total;
  }
}
