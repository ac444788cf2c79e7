import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { parseMemberId } from '../members';
import { MemberTierStatus } from './member-tier.types';
import { TierSettings } from './tier-settings.entity';
import { Tier } from './tier.entity';
import { AssignTierArgs, CreateTierInput, UpdateTierInput, UpdateTierSettingsInput } from './tier.inputs';
import type { TierLadderService } from './tier-ladder.service';
import type { TiersService } from './tiers.service';

/** The ladder (everyone signed in), its administration (admins) and manual assignments (staff). */
@Resolver(() => Tier)
export class TiersResolver {
  constructor(
    private readonly tiersService: TiersService,
    private readonly ladderService: TierLadderService,
  ) {}

  @Authorized()
  @Query(() => [Tier], { description: 'The ladder, lowest rank first (a handful of tiers: not paginated)' })
  tiers(): Promise<Tier[]> {
    return this.tiersService.ladder();
  }

  @Authorized()
  @Query(() => TierSettings, { description: 'Qualification window, review cadence and grace period' })
  tierSettings(): Promise<TierSettings> {
    return this.tiersService.settings();
  }

  @Authorized('admin')
  @Mutation(() => Tier)
  createTier(@Arg('input') input: CreateTierInput, @Ctx() ctx: GraphQLContext): Promise<Tier> {
    return this.ladderService.create(ctx, input);
  }

  @Authorized('admin')
  @Mutation(() => Tier, { description: 'Change a tier; absent fields are kept, null clears an optional one' })
  updateTier(
    @Arg('code') code: string,
    @Arg('input') input: UpdateTierInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Tier> {
    return this.ladderService.update(ctx, code, input);
  }

  @Authorized('admin')
  @Mutation(() => TierSettings)
  updateTierSettings(
    @Arg('input') input: UpdateTierSettingsInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<TierSettings> {
    return this.ladderService.updateSettings(ctx, input);
  }

  @Authorized('staff', 'admin')
  @Mutation(() => MemberTierStatus, {
    description: 'Put a member on a tier by hand (paid tiers too); locks automatic changes until released',
  })
  assignTier(
    @Args(() => AssignTierArgs) { memberId, tierCode, reason }: AssignTierArgs,
    @Ctx() ctx: GraphQLContext,
  ): Promise<MemberTierStatus> {
    return this.tiersService.assign(ctx, parseMemberId(memberId, 'memberId'), tierCode, reason.trim());
  }

  @Authorized('staff', 'admin')
  @Mutation(() => MemberTierStatus, {
    description: 'End a manual assignment: the member moves at once to the tier their figures reach',
  })
  releaseTierAssignment(
    @Arg('memberId', () => ID) memberId: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<MemberTierStatus> {
    return this.tiersService.release(ctx, parseMemberId(memberId, 'memberId'));
  }
}
