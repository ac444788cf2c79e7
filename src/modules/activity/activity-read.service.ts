import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { assertCanAccessMember, requirePrincipal } from '../../auth/member-access';
import { BadUserInputError, ForbiddenError } from '../../common/errors';
import type { Port } from '../../common/port';
import type { RequestContext } from '../../common/request-context';
import type { Database } from '../../data/database';
import { decodeCursor, toConnection, type Connection } from '../../graphql/connection';
import { flattenValidationErrors } from '../../graphql/format-error';
import { parseMemberId } from '../members';
import type { ActivityCriteria } from './activity-criteria';
import { ACTIVITY_CURSOR, type ActivityEvent } from './activity-event.entity';
import type { ActivityFeedPort } from './activity-feed.port';
import { resolveCriteria, type ActivityTierSource } from './activity-tiers';
import { ActivityFilter } from './activity.inputs';
import type { ActivityRepository } from './activity.repository';

/**
 * Reading the activity stream: history pages and live subscriptions. Members read only their own
 * events; staff and admins read anyone's and the whole feed (roles are declared on the resolvers).
 */
export class ActivityReadService {
  constructor(
    private readonly db: Database,
    private readonly repository: ActivityRepository,
    private readonly feed: ActivityFeedPort,
    /** The tier filter's source (the tiers context, built after activity; bound by core.ts). */
    private readonly tiers: Port<ActivityTierSource>,
  ) {}

  async history(
    ctx: RequestContext,
    filter: ActivityFilter | null,
    first: number,
    after: string | null | undefined,
  ): Promise<Connection<ActivityEvent>> {
    const criteria = this.scopedToCaller(ctx, criteriaOf(filter));
    const resolved = await resolveCriteria(criteria, this.tiers.get(), this.db.manager);
    const rows = await this.repository.history(
      this.db.manager,
      resolved,
      decodeCursor(ACTIVITY_CURSOR, after),
      this.feed.horizon(),
      first + 1,
    );
    return toConnection(ACTIVITY_CURSOR, rows, first);
  }

  openMemberActivity(ctx: RequestContext, rawMemberId: string, after: string | null | undefined) {
    const memberId = parseMemberId(rawMemberId, 'memberId');
    assertCanAccessMember(ctx.principal, memberId);
    return this.feed.open({ memberIds: [memberId] }, decodeCursor(ACTIVITY_CURSOR, after));
  }

  /** Subscription arguments bypass type-graphql's validation (it runs per event, on `resolve`), so check here. */
  async openFeed(ctx: RequestContext, rawFilter: unknown, after: string | null | undefined) {
    const filter = rawFilter ? plainToInstance(ActivityFilter, rawFilter) : null;
    if (filter) {
      const errors = await validate(filter, { forbidUnknownValues: true });
      if (errors.length > 0)
        throw new BadUserInputError('Invalid filter', flattenValidationErrors(errors, 'filter'));
    }
    const criteria = this.scopedToCaller(ctx, criteriaOf(filter));
    return this.feed.open(criteria, decodeCursor(ACTIVITY_CURSOR, after));
  }

  /** A member's history is their own: no member filter means theirs, another member's is forbidden. */
  private scopedToCaller(ctx: RequestContext, criteria: ActivityCriteria): ActivityCriteria {
    const caller = requirePrincipal(ctx.principal);
    if (caller.role !== 'member') return criteria;
    const own = caller.memberId!;
    if (criteria.memberIds?.some((id) => id !== own))
      throw new ForbiddenError('A member may only read their own activity');
    return { ...criteria, memberIds: [own] };
  }
}

function criteriaOf(filter: ActivityFilter | null): ActivityCriteria {
  if (!filter) return {};
  return {
    types: filter.types ?? undefined,
    tierCodes: filter.tiers ?? undefined,
    channels: filter.channels ?? undefined,
    storeIds: filter.storeIds ?? undefined,
    plugins: filter.plugins ?? undefined,
    memberIds: filter.memberIds?.map((id) => parseMemberId(id, 'filter.memberIds')),
  };
}
