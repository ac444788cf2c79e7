import type { EntityManager } from 'typeorm';
import type { MemberDataParticipant } from '../privacy';
import type { MembersRepository } from './members.repository';

/** Channel identities: exported as linked, moved on merge, and stripped of their external ids on erasure. */
export class IdentitiesMemberDataParticipant implements MemberDataParticipant {
  readonly section = 'channelIdentities';

  constructor(private readonly repository: MembersRepository) {}

  async exportFor(manager: EntityManager, memberId: number): Promise<unknown> {
    const identities = await this.repository.identitiesOf(manager, [memberId]);
    return identities.map((i) => ({
      channel: i.channel,
      externalId: i.externalId,
      linkedAt: i.linkedAt.toISOString(),
    }));
  }

  async erase(manager: EntityManager, memberId: number): Promise<void> {
    await this.repository.eraseIdentities(manager, memberId);
  }

  async merge(manager: EntityManager, { survivorId, mergedId }: { survivorId: number; mergedId: number }) {
    await this.repository.moveIdentities(manager, mergedId, survivorId);
  }
}
