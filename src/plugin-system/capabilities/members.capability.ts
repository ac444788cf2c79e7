import { ErrorCode } from '../../common/errors';
import { ChannelIdentityInput, RegisterMemberInput, type Member } from '../../modules/members';
import type { PluginContext, PluginMember } from '../plugin-definition';
import { validated } from '../validate-input';
import { isCode, type CapabilityScope } from './capability-scope';

/** `ctx.members`: find, register, link and erase members (members:read, members:write, members:link, members:erase). */
export function membersCapability({ ctx, services, need }: CapabilityScope): PluginContext['members'] {
  return {
    async findByIdentity(channel, externalId) {
      need('members:read');
      try {
        return toPluginMember(await services.members.getByIdentity(ctx, channel, externalId));
      } catch (error) {
        if (isCode(error, ErrorCode.NOT_FOUND)) return null;
        throw error;
      }
    },
    async findById(memberId) {
      need('members:read');
      try {
        return toPluginMember(await services.members.getById(ctx, memberId));
      } catch (error) {
        if (isCode(error, ErrorCode.NOT_FOUND)) return null;
        throw error;
      }
    },
    async findByEmail(email) {
      need('members:read');
      const { rows } = await services.members.search({ email }, null, 1);
      return rows[0] ? toPluginMember(rows[0]) : null;
    },
    async register(input) {
      need('members:write');
      const registration = await validated(RegisterMemberInput, {
        joinChannel: input.joinChannel,
        email: input.email ?? undefined,
        firstName: input.firstName || undefined,
        lastName: input.lastName || undefined,
        channelIdentities: [input.identity],
      });
      return toPluginMember(await services.members.register(ctx, registration));
    },
    async linkIdentity(memberId, identity) {
      need('members:link');
      await services.members.linkIdentity(ctx, memberId, identity);
    },
    async unlinkIdentity(memberId, identity) {
      need('members:link');
      try {
        await services.members.unlinkIdentity(ctx, memberId, await validated(ChannelIdentityInput, identity));
      } catch (error) {
        if (!isCode(error, ErrorCode.NOT_FOUND)) throw error;
      }
    },
    async erase(memberId) {
      need('members:erase');
      try {
        await services.memberPrivacy.erase(ctx, memberId);
      } catch (error) {
        // Erasing twice is a retry here (a redelivered redact request), not a conflict.
        if (!isCode(error, ErrorCode.CONFLICT)) throw error;
      }
    },
  };
}

function toPluginMember(member: Member): PluginMember {
  return { id: member.id, status: member.status, email: member.email, joinChannel: member.joinChannel };
}
