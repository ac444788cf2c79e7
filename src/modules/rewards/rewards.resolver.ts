import { Arg, Args, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { BadUserInputError } from '../../common/errors';
import { ConnectionArgs, connectionComplexity, decodeCursor, toConnection } from '../../graphql/connection';
import type { GraphQLContext } from '../../graphql/context';
import { parseMemberId } from '../members';
import type { RewardCatalogService } from './reward-catalog.service';
import { parseId } from '../../common/ids';
import { Reward } from './reward.entity';
import { CreateRewardInput, RewardFilter, UpdateRewardInput } from './reward.inputs';
import { RewardConnection } from './rewards.types';

/** The catalog: browse (any signed-in caller), define (admins). */
@Resolver(() => Reward)
export class RewardsResolver {
  constructor(private readonly catalog: RewardCatalogService) {}

  @Authorized('member', 'staff', 'admin')
  @Query(() => RewardConnection, {
    complexity: connectionComplexity,
    description: 'The points mall, by id order',
  })
  async rewards(
    @Args(() => ConnectionArgs) { first, after }: ConnectionArgs,
    @Arg('filter', () => RewardFilter, { nullable: true }) filter: RewardFilter | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<RewardConnection> {
    const affordableFor = filter?.affordableFor ? parseMemberId(filter.affordableFor, 'affordableFor') : null;
    const page = await this.catalog.list(
      ctx,
      { type: filter?.type ?? null, activeOnly: filter?.activeOnly ?? true, affordableFor },
      decodeCursor('reward', after),
      first + 1,
    );
    return Object.assign(new RewardConnection(), toConnection('reward', page.rows, first), {
      countRewards: page.count,
    });
  }

  @Authorized('member', 'staff', 'admin')
  @Query(() => Reward)
  reward(@Arg('id', () => ID) id: string): Promise<Reward> {
    return this.catalog.getById(parseId(id, 'id', 'a reward id'));
  }

  @Authorized('admin')
  @Mutation(() => Reward, { description: 'Add a reward to the catalog (audited)' })
  createReward(@Arg('input') input: CreateRewardInput, @Ctx() ctx: GraphQLContext): Promise<Reward> {
    return this.catalog.create(ctx, input);
  }

  @Authorized('admin')
  @Mutation(() => Reward, {
    description: 'Change a reward; null clears a field, an absent one is kept (audited)',
  })
  updateReward(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateRewardInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Reward> {
    return this.catalog.update(ctx, parseId(id, 'id', 'a reward id'), input);
  }

  @Authorized('admin')
  @Mutation(() => Reward, {
    description:
      'Add (or, negative, remove) units relative to the current stock: unlike updateReward, safe while redemptions run (audited)',
  })
  restockReward(
    @Arg('id', () => ID) id: string,
    @Arg('quantity', () => Int) quantity: number,
    @Arg('reason') reason: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Reward> {
    if (quantity === 0 || Math.abs(quantity) > 1_000_000) {
      throw BadUserInputError.field(
        'quantity',
        'quantity must be a non-zero number of units up to 1,000,000',
      );
    }
    if (reason.trim().length < 3 || reason.length > 255) {
      throw BadUserInputError.field('reason', 'reason must be 3 to 255 characters');
    }
    return this.catalog.restock(ctx, parseId(id, 'id', 'a reward id'), quantity, reason.trim());
  }
}
