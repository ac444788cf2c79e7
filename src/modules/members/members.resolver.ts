import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { requirePrincipal } from '../../auth/member-access';
import { ForbiddenError } from '../../common/errors';
import { ConnectionArgs, connectionComplexity, decodeCursor, toConnection } from '../../graphql/connection';
import type { GraphQLContext } from '../../graphql/context';
import { ChannelIdentity } from './channel-identity.entity';
import { Member } from './member.entity';
import { parseMemberId } from './member-id';
import {
  ChannelIdentityInput,
  CloseMembershipInput,
  RegisterMemberInput,
  UpdateCommunicationPreferencesInput,
  UpdateMemberProfileInput,
} from './member.inputs';
import { MemberFilter } from './member-search';
import { MemberConnection, MemberDataExport, MergeMembersPayload } from './member.types';
import type { MemberMergeService } from './member-merge.service';
import type { MemberPrivacyService } from './member-privacy.service';
import type { MembersService } from './members.service';

/** Thin: parses ids, checks roles (@Authorized), and hands over to the services. */
@Resolver(() => Member)
export class MembersResolver {
  constructor(
    private readonly membersService: MembersService,
    private readonly merging: MemberMergeService,
    private readonly privacy: MemberPrivacyService,
  ) {}

  @Authorized('member')
  @Query(() => Member, { description: 'The member the bearer token belongs to' })
  me(@Ctx() ctx: GraphQLContext): Promise<Member> {
    const principal = requirePrincipal(ctx.principal);
    if (principal.memberId === undefined) throw new ForbiddenError('Only member tokens have a "me"');
    return this.membersService.getById(ctx, principal.memberId);
  }

  @Authorized('member', 'staff', 'admin')
  @Query(() => Member)
  member(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<Member> {
    return this.membersService.getById(ctx, parseMemberId(id));
  }

  @Authorized('staff', 'admin')
  @Query(() => Member, { description: 'The member a channel knows by this external id' })
  memberByChannelIdentity(
    @Arg('channel') channel: string,
    @Arg('externalId') externalId: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Member> {
    return this.membersService.getByIdentity(ctx, channel, externalId);
  }

  @Authorized('staff', 'admin')
  @Query(() => MemberConnection, {
    complexity: connectionComplexity,
    description: 'Staff search, by id order',
  })
  async members(
    @Args(() => ConnectionArgs) { first, after }: ConnectionArgs,
    @Arg('filter', () => MemberFilter, { nullable: true }) filter: MemberFilter | null,
  ): Promise<MemberConnection> {
    const page = await this.membersService.search(filter ?? {}, decodeCursor('member', after), first + 1);
    return Object.assign(new MemberConnection(), toConnection('member', page.rows, first), {
      countMembers: page.count,
    });
  }

  @Authorized('staff', 'admin')
  @Mutation(() => Member, { description: 'Enrol a member (POS, app back end, support)' })
  registerMember(@Arg('input') input: RegisterMemberInput, @Ctx() ctx: GraphQLContext): Promise<Member> {
    return this.membersService.register(ctx, input);
  }

  @Authorized('member', 'staff', 'admin')
  @Mutation(() => Member, {
    description: 'Change profile fields; null clears a field, an absent one is kept',
  })
  updateMemberProfile(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateMemberProfileInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Member> {
    return this.membersService.updateProfile(ctx, parseMemberId(id), input);
  }

  @Authorized('member', 'staff', 'admin')
  @Mutation(() => Member)
  updateCommunicationPreferences(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateCommunicationPreferencesInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Member> {
    return this.membersService.updateCommunicationPreferences(ctx, parseMemberId(id), input);
  }

  @Authorized('staff', 'admin')
  @Mutation(() => ChannelIdentity, {
    description: 'Idempotent: linking an identity the member already has returns it',
  })
  linkChannelIdentity(
    @Arg('memberId', () => ID) memberId: string,
    @Arg('identity') identity: ChannelIdentityInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ChannelIdentity> {
    return this.membersService.linkIdentity(ctx, parseMemberId(memberId, 'memberId'), identity);
  }

  @Authorized('staff', 'admin')
  @Mutation(() => Member)
  unlinkChannelIdentity(
    @Arg('memberId', () => ID) memberId: string,
    @Arg('identity') identity: ChannelIdentityInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Member> {
    return this.membersService.unlinkIdentity(ctx, parseMemberId(memberId, 'memberId'), identity);
  }

  @Authorized('staff', 'admin')
  @Mutation(() => MergeMembersPayload, {
    description: 'Fold a duplicate into a survivor; idempotent: repeating it returns alreadyMerged = true',
  })
  mergeMembers(
    @Arg('survivorId', () => ID) survivorId: string,
    @Arg('mergedId', () => ID) mergedId: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<MergeMembersPayload> {
    return this.merging.merge(
      ctx,
      parseMemberId(survivorId, 'survivorId'),
      parseMemberId(mergedId, 'mergedId'),
    );
  }

  @Authorized('member', 'staff', 'admin')
  @Mutation(() => Member)
  closeMembership(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: CloseMembershipInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Member> {
    return this.membersService.close(ctx, parseMemberId(id), input);
  }

  @Authorized('member', 'staff', 'admin')
  @Mutation(() => Member)
  reactivateMembership(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<Member> {
    return this.membersService.reactivate(ctx, parseMemberId(id));
  }

  @Authorized('member', 'staff', 'admin')
  @Mutation(() => MemberDataExport, { description: 'Everything held about a member (audited)' })
  async exportMemberData(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<MemberDataExport> {
    const result = await this.privacy.exportData(ctx, parseMemberId(id));
    return { ...result, memberId: String(result.memberId) };
  }

  @Authorized('member', 'admin')
  @Mutation(() => Member, {
    description: 'Remove personal data for good, keeping anonymised rows accounting needs (audited)',
  })
  eraseMember(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<Member> {
    return this.privacy.erase(ctx, parseMemberId(id));
  }
}
