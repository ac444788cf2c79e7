import type { EntityManager } from 'typeorm';

/**
 * A bounded context that holds data about members takes part in the three operations that cross
 * contexts: export (everything held), erase (personal data out, accounting rows kept) and merge
 * (history moves to the survivor). Each later context (points, orders, feedback...) registers one,
 * so those operations stay complete without the members context knowing the others.
 */
export interface MemberDataParticipant {
  /** Section name in the export document. */
  readonly section: string;
  exportFor(manager: EntityManager, memberId: number): Promise<unknown>;
  erase(manager: EntityManager, memberId: number): Promise<void>;
  merge(manager: EntityManager, change: { survivorId: number; mergedId: number }): Promise<void>;
}

export class MemberDataRegistry {
  private readonly participants: MemberDataParticipant[] = [];

  register(participant: MemberDataParticipant): void {
    if (this.participants.some((p) => p.section === participant.section)) {
      throw new Error(`A member data participant named "${participant.section}" is already registered`);
    }
    this.participants.push(participant);
  }

  all(): readonly MemberDataParticipant[] {
    return this.participants;
  }
}
