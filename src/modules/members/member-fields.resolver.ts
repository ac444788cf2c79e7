import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { ChannelIdentity } from './channel-identity.entity';
import { Member } from './member.entity';
import { CommunicationPreferences, MarketingConsent, MembershipClosure } from './member.types';
import { createMemberLoaders } from './members.loaders';

/** Member fields that are relations or shapes over columns; relations go through the request's loaders. */
@Resolver(() => Member)
export class MemberFieldsResolver {
  @FieldResolver(() => [ChannelIdentity], { description: 'How each channel knows this member' })
  channelIdentities(@Root() member: Member, @Ctx() ctx: GraphQLContext): Promise<ChannelIdentity[]> {
    return ctx.loaders.get(createMemberLoaders).identitiesByMemberId.load(member.id);
  }

  @FieldResolver(() => Member, { nullable: true, description: 'For a MERGED member: the survivor' })
  mergedInto(@Root() member: Member, @Ctx() ctx: GraphQLContext): Promise<Member | null> | null {
    if (member.mergedIntoId === null) return null;
    return ctx.loaders.get(createMemberLoaders).memberById.load(member.mergedIntoId);
  }

  @FieldResolver(() => MarketingConsent)
  marketingConsent(@Root() member: Member): MarketingConsent {
    return { granted: member.marketingConsent, updatedAt: member.marketingConsentUpdatedAt };
  }

  @FieldResolver(() => CommunicationPreferences)
  communicationPreferences(@Root() member: Member): CommunicationPreferences {
    return { email: member.commsEmail, sms: member.commsSms, push: member.commsPush, mail: member.commsMail };
  }

  @FieldResolver(() => MembershipClosure, {
    nullable: true,
    description: 'Set while the membership is closed',
  })
  closure(@Root() member: Member): MembershipClosure | null {
    if (member.closedAt === null || member.closeReason === null) return null;
    return { reason: member.closeReason, comment: member.closeComment, closedAt: member.closedAt };
  }
}

@Resolver(() => ChannelIdentity)
export class ChannelIdentityFieldsResolver {
  @FieldResolver(() => Member)
  async member(@Root() identity: ChannelIdentity, @Ctx() ctx: GraphQLContext): Promise<Member> {
    return (await ctx.loaders.get(createMemberLoaders).memberById.load(identity.memberId))!;
  }
}
