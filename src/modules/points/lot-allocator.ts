import type { EntityManager } from 'typeorm';
import type { PointsExplanation } from './explanation';
import { LotStatus } from './points.enums';
import type { PointsRepository } from './points.repository';
import { allocate, spendSequence, type Allocation } from './points.rules';
import { clock } from '../../common/clock';
/**
 * Which lots points come from and go back to: spends take from usable lots in the policy's order;
 * points coming back refill the lots they came from (settling what a refund left owed, paying a debt).
 */
export class LotAllocator {
  constructor(private readonly repository: PointsRepository) {}

  /** Takes `points` from the member's usable lots in policy order (the account was already debited). */
  async consumeLots(manager: EntityManager, memberId: number, points: number): Promise<Allocation[]> {
    const policy = await this.repository.policy(manager);
    const lots = spendSequence(
      await this.repository.lotsWithPoints(manager, memberId, [LotStatus.ACTIVE]),
      policy.spendOrder,
    );
    const { allocations, missing } = allocate(lots, points);
    if (missing > 0)
      throw new Error(`Ledger invariant broken: member ${memberId}'s lots lack ${missing} points`);
    for (const allocation of allocations)
      await this.mustChangeLot(manager, allocation.lotId, -allocation.points);
    return allocations;
  }

  /**
   * Points coming back (a cancelled redemption, a released hold, a refunded points payment) go to the
   * lots they came from, with their original expiry. What a lot owes to an earlier refund of its
   * order is settled first, and a debt (CARRY_AS_DEBT) is paid from what is left, as new earnings would.
   * `net` is what becomes spendable.
   */
  async giveBack(
    manager: EntityManager,
    memberId: number,
    where: { entryId?: number; holdId?: number },
    points: number,
  ): Promise<GivenBack> {
    const { restored, settled, dropped } = await this.restoreAllocations(manager, where, points);
    const { debt } = await this.repository.balanceOf(manager, memberId, true);
    const debtPaid = Math.min(debt, restored);
    let debtAllocations: Allocation[] = [];
    if (debtPaid > 0 && (await this.repository.applyDelta(manager, memberId, { debt: -debtPaid }))) {
      debtAllocations = await this.consumeLots(manager, memberId, debtPaid);
      return { net: restored - debtPaid, settled, dropped, debtPaid, debtAllocations };
    }
    return { net: restored, settled, dropped, debtPaid: 0, debtAllocations };
  }

  async saveDebtAllocations(manager: EntityManager, entryId: number, back: GivenBack): Promise<void> {
    await this.repository.insertAllocations(
      manager,
      back.debtAllocations.map((a) => ({ entryId, lotId: a.lotId, points: a.points })),
    );
  }

  /**
   * Returns up to `points` to the lots recorded for an entry or hold: live lots first, so that a
   * partial return is not lost on a lot that expired meanwhile; an expired lot's share is dropped (it
   * would have expired anyway), and what a lot owes to an earlier refund is settled before it refills.
   */
  private async restoreAllocations(
    manager: EntityManager,
    where: { entryId?: number; holdId?: number },
    points: number,
  ): Promise<{ restored: number; settled: number; dropped: number }> {
    const allocations = await this.repository.allocationsOf(manager, where);
    const lots = new Map(
      (
        await this.repository.findLots(
          manager,
          allocations.map((a) => a.lotId),
        )
      ).map((l) => [l.id, l]),
    );
    const now = clock.now();
    const isLive = (lotId: number) => {
      const lot = lots.get(lotId);
      return !!lot && lot.status === LotStatus.ACTIVE && !(lot.expiresAt && lot.expiresAt <= now);
    };
    const ordered = [...allocations].sort(
      (a, b) => Number(isLive(b.lotId)) - Number(isLive(a.lotId)) || a.id - b.id,
    );
    let left = points;
    let restored = 0;
    let settled = 0;
    let dropped = 0;
    for (const allocation of ordered) {
      if (left === 0) break;
      const give = Math.min(allocation.points - allocation.returned, left);
      if (give <= 0) continue;
      left -= give;
      await this.repository.markReturned(manager, allocation.id, give);
      if (!isLive(allocation.lotId)) {
        dropped += give;
        continue;
      }
      const lot = lots.get(allocation.lotId)!;
      const settle = Math.min(lot.owed, give);
      if (settle > 0 && (await this.repository.changeLotOwed(manager, lot.id, -settle))) {
        lot.owed -= settle;
        settled += settle;
      }
      const refill = give - (settle > 0 ? settle : 0);
      if (refill > 0) await this.mustChangeLot(manager, lot.id, refill);
      restored += refill;
    }
    return { restored, settled, dropped };
  }

  async mustChangeLot(manager: EntityManager, lotId: number, delta: number): Promise<void> {
    if (!(await this.repository.changeLotRemaining(manager, lotId, delta))) {
      throw new Error(`Ledger invariant broken: lot ${lotId} cannot change by ${delta}`);
    }
  }
}

export interface GivenBack {
  /** What becomes spendable. */
  net: number;
  /** Settled against what an earlier refund could not take back. */
  settled: number;
  /** Belonged to lots that expired meanwhile. */
  dropped: number;
  /** Paid towards a debt (CARRY_AS_DEBT). */
  debtPaid: number;
  debtAllocations: Allocation[];
}

export function givenBackExplanation(
  what: string,
  points: number,
  back: GivenBack,
  inputs: Record<string, unknown> = {},
): PointsExplanation {
  const steps = [`${points} points to give back ${what}`];
  if (back.settled)
    steps.push(`${back.settled} settle what an earlier refund of their order could not take back`);
  if (back.dropped) steps.push(`${back.dropped} belonged to lots that have expired since: not revived`);
  if (back.debtPaid) steps.push(`${back.debtPaid} pay off a refund's debt`);
  steps.push(`${back.net} points spendable again`);
  return {
    summary: `${back.net} of ${points} points given back ${what}`,
    rules: [],
    inputs: { ...inputs, ...back, debtAllocations: undefined },
    steps,
  };
}

export function sum(allocations: Allocation[]): number {
  return allocations.reduce((total, a) => total + a.points, 0);
}
