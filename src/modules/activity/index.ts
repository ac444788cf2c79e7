import type { Port } from '../../common/port';
import type { Database } from '../../data/database';
import { type ActivityCriteria, matchesCriteriaExceptTier } from './activity-criteria';
import { ActivityEvent, ACTIVITY_CURSOR } from './activity-event.entity';
import type { ActivityFeedSource } from './activity-feed.port';
import { ActivityReadService } from './activity-read.service';
import { ActivityResolver } from './activity.resolver';
import { ActivityRepository, type ResolvedCriteria } from './activity.repository';
import { ACTIVITY_WRITTEN, ActivityService } from './activity.service';
import { createActivitySubscriptionsResolver } from './activity-subscriptions.resolver';
import { resolveCriteria, type ActivityTierSource } from './activity-tiers';

export { ActivityEvent, ActivityService, ActivityRepository, ACTIVITY_CURSOR, ACTIVITY_WRITTEN };
export { activityRetentionJob, ActivityRetentionHolds } from './activity-retention.job';
export type { ActivityConsumerCursor } from './activity-retention.job';
export { matchesCriteriaExceptTier, resolveCriteria };
export type { ActivityCriteria, ActivityFeedSource, ActivityTierSource, ResolvedCriteria };
export type { ActivityRecord, PluginActivityRecord } from './activity.service';
export * from './events';
export const activityEntities = [ActivityEvent];

/**
 * The activity outbox (written by every module through ActivityService.record), its history query and
 * subscriptions. The tier filter reads the tiers context through a port core.ts binds once tiers exist.
 */
export function createActivityModule(deps: { db: Database; tiers: Port<ActivityTierSource> }) {
  const service = new ActivityService();
  const reads = new ActivityReadService(deps.db, new ActivityRepository(), service.feed, deps.tiers);
  return {
    service,
    resolvers: [new ActivityResolver(reads), createActivitySubscriptionsResolver(reads)] as object[],
  };
}

// Used by other contexts.
export { renderEventsDoc } from './events-doc';
export { COMMITTED_ONLY_FEED, LiveActivityUnavailableError } from './activity-feed.port';
