import type { EntityManager } from 'typeorm';
import type { MemberDataParticipant } from '../privacy';
import type { BehaviourAwardsRepository } from './behaviour-awards.repository';

/**
 * Behaviour awards: exported as recorded, moved to the survivor on merge. Erasure keeps them: they
 * hold no personal data (behaviour, a reference such as `survey:12`, points) and back ledger entries
 * that accounting keeps.
 */
export class BehaviourAwardsMemberDataParticipant implements MemberDataParticipant {
  readonly section = 'behaviourAwards';

  constructor(private readonly repository: BehaviourAwardsRepository) {}

  async exportFor(manager: EntityManager, memberId: number): Promise<unknown> {
    const awards = await this.repository.awardsOf(manager, memberId);
    return awards.map((a) => ({
      behaviour: a.behaviour,
      reference: a.reference,
      points: a.points,
      capped: Boolean(a.capped),
      ruleId: a.ruleId,
      ruleVersion: a.ruleVersion,
      ledgerEntryId: a.ledgerEntryId,
      channel: a.channel,
      storeId: a.storeId,
      awardedAt: a.awardedAt.toISOString(),
    }));
  }

  async erase(): Promise<void> {}

  async merge(manager: EntityManager, { survivorId, mergedId }: { survivorId: number; mergedId: number }) {
    await this.repository.moveAwards(manager, mergedId, survivorId);
  }
}
