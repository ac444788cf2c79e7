import type { EntityManager } from 'typeorm';
import type { MemberDataParticipant } from '../privacy';
import type { FeedbackRepository } from './feedback.repository';

/**
 * Feedback in the privacy operations: exported whole; on erasure the free-text suggestions go (they
 * may name people) while the scores stay, anonymous, for the aggregates; on merge the answers move.
 */
export class FeedbackMemberDataParticipant implements MemberDataParticipant {
  readonly section = 'feedback';

  constructor(private readonly repository: FeedbackRepository) {}

  async exportFor(manager: EntityManager, memberId: number): Promise<unknown> {
    return {
      responses: await this.repository.responsesOf(manager, memberId),
      invitations: (await this.repository.invitationsOf(manager, memberId)).map((i) => ({
        ...i,
        token: undefined,
      })),
    };
  }

  async erase(manager: EntityManager, memberId: number): Promise<void> {
    await this.repository.eraseSuggestions(manager, memberId);
  }

  async merge(
    manager: EntityManager,
    { survivorId, mergedId }: { survivorId: number; mergedId: number },
  ): Promise<void> {
    // Both answered the same survey about the same subject: keep both answers, told apart by the key.
    const survivor = await this.repository.responsesOf(manager, survivorId);
    const taken = new Set(survivor.map((r) => `${r.surveyId}|${r.subjectKey}`));
    for (const response of await this.repository.responsesOf(manager, mergedId)) {
      if (taken.has(`${response.surveyId}|${response.subjectKey}`)) {
        await this.repository.renameSubject(
          manager,
          response.id,
          `${response.subjectKey}#m${mergedId}`.slice(0, 40),
        );
      }
    }
    await this.repository.moveMember(manager, mergedId, survivorId);
  }
}
