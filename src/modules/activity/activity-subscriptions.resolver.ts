import { Arg, Authorized, ID, Resolver, Root, Subscription } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { ActivityEvent } from './activity-event.entity';
import { ActivityFilter } from './activity.inputs';
import type { ActivityReadService } from './activity-read.service';

interface SubscribeData {
  args: { memberId?: string; filter?: unknown; after?: string | null };
  context: GraphQLContext;
}

const AFTER =
  'Cursor of the last event received: replays everything after it from the table, then continues live';

/**
 * The live subscriptions. type-graphql's `subscribe` option is a plain function, not a method, so the
 * class is made per service instance and the function closes over it (resolvers stay singletons).
 */
export function createActivitySubscriptionsResolver(service: ActivityReadService): object {
  @Resolver()
  class ActivitySubscriptionsResolver {
    @Authorized('member', 'staff', 'admin')
    @Subscription(() => ActivityEvent, {
      description: "One member's events, in id order; members subscribe to their own",
      subscribe: ({ args, context }: SubscribeData) =>
        service.openMemberActivity(context, args.memberId ?? '', args.after),
    })
    memberActivity(
      @Root() event: ActivityEvent,
      @Arg('memberId', () => ID) _memberId: string,
      @Arg('after', () => String, { nullable: true, description: AFTER }) _after?: string,
    ): ActivityEvent {
      return event;
    }

    @Authorized('staff', 'admin')
    @Subscription(() => ActivityEvent, {
      description: 'Every event that matches the filter, in id order (support console)',
      subscribe: ({ args, context }: SubscribeData) => service.openFeed(context, args.filter, args.after),
    })
    activityFeed(
      @Root() event: ActivityEvent,
      // Validated once, when the subscription opens (openFeed); not again on every event.
      @Arg('filter', () => ActivityFilter, { nullable: true, validate: false }) _filter?: ActivityFilter,
      @Arg('after', () => String, { nullable: true, description: AFTER }) _after?: string,
    ): ActivityEvent {
      return event;
    }
  }
  return new ActivitySubscriptionsResolver();
}
