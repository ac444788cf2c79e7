import type { Database } from '../../data/database';
import type { ActivityService } from '../activity';
import type { AuditService } from '../audit';
import type { MemberDataRegistry } from '../privacy';
import { ChannelIdentity } from './channel-identity.entity';
import { IdentitiesMemberDataParticipant } from './identities-member-data.participant';
import { Member } from './member.entity';
import { ChannelIdentityFieldsResolver, MemberFieldsResolver } from './member-fields.resolver';
import { MemberMergeService } from './member-merge.service';
import { MemberPrivacyService } from './member-privacy.service';
import { MembersRepository } from './members.repository';
import { MembersResolver } from './members.resolver';
import { MembersService } from './members.service';

export { Member, ChannelIdentity, MembersService, MembersRepository };
export { MemberStatus } from './member.enums';
export { installDefaultPhoneRegion } from './phone-number';
export const membersEntities = [Member, ChannelIdentity];

/** Wires the members context: its services, its resolvers, and its share of the privacy operations. */
export function createMembersModule(deps: {
  db: Database;
  audit: AuditService;
  activity: ActivityService;
  memberData: MemberDataRegistry;
}) {
  const repository = new MembersRepository();
  const service = new MembersService(deps.db, repository, deps.audit, deps.activity);
  const merging = new MemberMergeService(deps.db, repository, deps.memberData, deps.audit, deps.activity);
  const privacy = new MemberPrivacyService(deps.db, repository, deps.memberData, deps.audit, deps.activity);
  deps.memberData.register(new IdentitiesMemberDataParticipant(repository));
  return {
    service,
    privacy,
    resolvers: [
      new MembersResolver(service, merging, privacy),
      new MemberFieldsResolver(),
      new ChannelIdentityFieldsResolver(),
    ],
  };
}

// Used by other contexts.
export { parseMemberId } from './member-id';
export { assertMemberStatus, isActiveMembership, isRetiredMembership } from './member-status.rules';
export { CloseReason, Gender } from './member.enums';
export { ChannelIdentityInput, RegisterMemberInput } from './member.inputs';
export { createMemberLoaders } from './members.loaders';
