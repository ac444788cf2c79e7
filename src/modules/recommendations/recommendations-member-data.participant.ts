import type { EntityManager } from 'typeorm';
import type { MemberDataParticipant } from '../privacy';
import type { RecommendationsRepository } from './recommendations.repository';

/**
 * Dismissals are the member's choices (exported, moved on merge); the purchase matrix is derived from
 * orders. On erasure both go: nothing is left to personalise for. Pair counts stay (they are anonymous).
 */
export class RecommendationsMemberDataParticipant implements MemberDataParticipant {
  readonly section = 'recommendations';

  constructor(private readonly repository: RecommendationsRepository) {}

  async exportFor(manager: EntityManager, memberId: number): Promise<unknown> {
    return { dismissals: await this.repository.dismissalsOf(manager, memberId) };
  }

  erase(manager: EntityManager, memberId: number): Promise<void> {
    return this.repository.forgetMember(manager, memberId);
  }

  merge(manager: EntityManager, change: { survivorId: number; mergedId: number }): Promise<void> {
    return this.repository.mergeMember(manager, change.mergedId, change.survivorId);
  }
}
