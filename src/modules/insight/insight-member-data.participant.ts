import type { EntityManager } from 'typeorm';
import type { MemberDataParticipant } from '../privacy';
import type { InsightRepository } from './insight.repository';

/** Insight rows are derived from orders: exported, dropped on erasure and merge (the next run recomputes). */
export class InsightMemberDataParticipant implements MemberDataParticipant {
  readonly section = 'insight';

  constructor(private readonly repository: InsightRepository) {}

  async exportFor(manager: EntityManager, memberId: number): Promise<unknown> {
    return (await this.repository.insightsOf(manager, [memberId]))[0] ?? null;
  }

  erase(manager: EntityManager, memberId: number): Promise<void> {
    return this.repository.deleteMember(manager, memberId);
  }

  merge(manager: EntityManager, change: { survivorId: number; mergedId: number }): Promise<void> {
    return this.repository.deleteMember(manager, change.mergedId);
  }
}
