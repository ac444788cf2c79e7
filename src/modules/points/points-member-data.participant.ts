import type { EntityManager } from 'typeorm';
import type { MemberDataParticipant } from '../privacy';
import type { PointsRepository } from './points.repository';
import { clock } from '../../common/clock';

/**
 * The ledger is accounting: erasure keeps it (it holds ids and amounts, no personal data). Export
 * includes balance, lots and entries. Merge moves the duplicate's history to the survivor and adds
 * its balance to the survivor's account, so both sums still equal their ledgers.
 */
export class PointsMemberDataParticipant implements MemberDataParticipant {
  readonly section = 'points';

  constructor(private readonly repository: PointsRepository) {}

  async exportFor(manager: EntityManager, memberId: number): Promise<unknown> {
    // As the member reads it: lots past their expiry are not available, expired by the job or not.
    const balance = (await this.repository.balancesAt(manager, [memberId], clock.now())).get(memberId);
    const entries = await this.repository.entriesPage(manager, memberId, {}, null, 100_000);
    const lots = await this.repository.lotsPage(manager, memberId, null, null, 100_000);
    return {
      balance,
      lots: lots.map((lot) => ({ ...lot })),
      ledger: entries.map((entry) => ({
        ...entry,
        explanation: JSON.parse(entry.explanationJson) as unknown,
        explanationJson: undefined,
      })),
    };
  }

  async erase(): Promise<void> {
    // Nothing personal: amounts, ids and reasons written by the system stay for accounting.
  }

  async merge(
    manager: EntityManager,
    { survivorId, mergedId }: { survivorId: number; mergedId: number },
  ): Promise<void> {
    const moving = await this.repository.balanceOf(manager, mergedId, true);
    const hasPoints = Object.values(moving).some((value) => value !== 0);
    if (hasPoints) {
      await this.repository.ensureAccount(manager, survivorId);
      const taken = await this.repository.applyDelta(manager, mergedId, {
        available: -moving.available,
        pending: -moving.pending,
        held: -moving.held,
        debt: -moving.debt,
      });
      const given = await this.repository.applyDelta(manager, survivorId, moving);
      // The duplicate's row is locked by the read above, so this cannot fail short of a bug: refuse
      // the whole merge rather than leave two accounts that no longer match their ledgers.
      if (!taken || !given) throw new Error(`Could not move member ${mergedId}'s points to ${survivorId}`);
    }
    await this.repository.moveMemberRows(manager, mergedId, survivorId);
  }
}
