import { Arg, Args, Authorized, Ctx, ObjectType, Query, Resolver } from 'type-graphql';
import { ConnectionArgs, ConnectionType, connectionComplexity } from '../../graphql/connection';
import type { GraphQLContext } from '../../graphql/context';
import { ActivityEvent } from './activity-event.entity';
import { ActivityFilter } from './activity.inputs';
import type { ActivityReadService } from './activity-read.service';

@ObjectType()
export class ActivityEventConnection extends ConnectionType('ActivityEvent', ActivityEvent) {}

@Resolver(() => ActivityEvent)
export class ActivityResolver {
  constructor(private readonly service: ActivityReadService) {}

  @Authorized('member', 'staff', 'admin')
  @Query(() => ActivityEventConnection, {
    complexity: connectionComplexity,
    description:
      'Activity history, newest first. Members see their own. The first cursor of the first page is a safe `after` for the subscriptions.',
  })
  activity(
    @Ctx() ctx: GraphQLContext,
    @Args(() => ConnectionArgs) { first, after }: ConnectionArgs,
    @Arg('filter', () => ActivityFilter, { nullable: true }) filter: ActivityFilter | null,
  ): Promise<ActivityEventConnection> {
    return this.service.history(ctx, filter, first, after);
  }
}
