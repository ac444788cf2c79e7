import { Port } from './common/port';
import type { Database } from './data/database';
import { SeedRun } from './data/seed-run.entity';
import {
  activityEntities,
  activityRetentionJob,
  ActivityRetentionHolds,
  createActivityModule,
  type ActivityTierSource,
} from './modules/activity';
import { auditEntities, createAuditModule } from './modules/audit';
import { catalogEntities, createCatalogModule } from './modules/catalog';
import { createEarningModule, earningEntities, type MemberTierSource } from './modules/earning';
import { createFeedbackModule, feedbackEntities } from './modules/feedback';
import { createIdempotencyModule, idempotencyEntities, idempotencyRetentionJob } from './modules/idempotency';
import { createInsightModule, insightEntities } from './modules/insight';
import { createMembersModule, membersEntities } from './modules/members';
import { createOrdersModule, ordersEntities } from './modules/orders';
import {
  createOutboundWebhooksModule,
  outboundWebhooksEntities,
  type OutboundWebhooksConfig,
} from './modules/outbound-webhooks';
import { createPointsModule, pointsEntities } from './modules/points';
import { createRecommendationsModule, recommendationsEntities } from './modules/recommendations';
import { MemberDataRegistry } from './modules/privacy';
import { createRewardsModule, rewardsEntities } from './modules/rewards';
import { createTiersModule, tiersEntities, type OrderQualificationSource } from './modules/tiers';
import { pluginSystemEntities } from './plugin-system/plugin-system.entities';
import { slowestPluginEventCursor } from './plugin-system/plugin-event-cursors.hold';
import { webhookDeliveryRetentionJob } from './plugin-system/webhook-delivery-retention.job';
import { JobRun } from './jobs/job-run.entity';
import { jobRunsRetentionJob } from './jobs/job-runs-retention.job';
import { DEFAULT_RETENTION, type RetentionConfig } from './jobs/jobs-config';
import { coreMigrations } from '../migrations';

/** Every core table, for the DataSource (server, CLI and tests alike). */
export const coreEntities = [
  ...membersEntities,
  ...auditEntities,
  ...activityEntities,
  ...idempotencyEntities,
  ...pointsEntities,
  ...catalogEntities,
  ...earningEntities,
  ...tiersEntities,
  ...ordersEntities,
  ...rewardsEntities,
  ...feedbackEntities,
  ...recommendationsEntities,
  ...insightEntities,
  ...pluginSystemEntities,
  SeedRun,
  JobRun,
  ...outboundWebhooksEntities,
];
export { coreMigrations };

export type Core = ReturnType<typeof createCore>;

/**
 * The composition of the bounded contexts: each module gets the services it depends on and returns
 * its own services, resolvers and jobs. Dependencies point one way: points ← earning ← orders, and
 * tiers read qualification figures through the small `QualificationStats` port that orders and
 * points fill, so no two modules import each other.
 */
export function createCore(
  db: Database,
  options: { retention?: RetentionConfig; outboundWebhooks?: OutboundWebhooksConfig } = {},
) {
  const retention = options.retention ?? DEFAULT_RETENTION;
  const memberData = new MemberDataRegistry();
  // Wires to contexts built later (tiers after earning and activity, orders after tiers): bound
  // below, once those exist; a port used unbound throws (src/common/port.ts).
  const memberTiers = new Port<MemberTierSource>('earning → tiers');
  const orderFigures = new Port<OrderQualificationSource>('tiers → orders');
  const activityTiers = new Port<ActivityTierSource>('activity → tiers');
  const activity = createActivityModule({ db, tiers: activityTiers });
  const activityRetentionHolds = new ActivityRetentionHolds();
  activityRetentionHolds.holdFor('plugin event handlers', slowestPluginEventCursor);
  const audit = createAuditModule({ db, memberData });
  const members = createMembersModule({ db, audit: audit.service, activity: activity.service, memberData });
  const idempotency = createIdempotencyModule({ db });
  const base = { db, audit: audit.service, activity: activity.service, memberData };
  const points = createPointsModule({ ...base, idempotency: idempotency.service });
  const catalog = createCatalogModule({ ...base });
  const earning = createEarningModule({ ...base, points: points.ledger, tiers: memberTiers });
  const tiers = createTiersModule({ ...base, qualification: points.qualification, orderFigures });
  memberTiers.bind(tiers.service);
  activityTiers.bind(tiers.service);
  const orders = createOrdersModule({
    ...base,
    idempotency: idempotency.service,
    points: points.ledger,
    catalog: catalog.service,
    earning: earning.service,
    tiers: tiers.service,
  });
  orderFigures.bind(orders.qualification);
  const rewards = createRewardsModule({
    ...base,
    idempotency: idempotency.service,
    points: points.ledger,
    tiers: tiers.service,
    earning: earning.service,
  });
  orders.onFirstOrder(rewards.referrals);
  const feedback = createFeedbackModule({ ...base, earning: earning.service, tiers: tiers.service });
  const recommendations = createRecommendationsModule({
    ...base,
    rewards: {
      recommendable: (ctx, memberId, limit) => rewards.service.catalog.recommendable(ctx, memberId, limit),
      exists: (rewardId) => rewards.service.catalog.exists(rewardId),
    },
    orders: orders.purchases,
  });
  const insight = createInsightModule({ ...base });
  const outboundWebhooks = createOutboundWebhooksModule({
    db,
    audit: audit.service,
    memberData,
    config: options.outboundWebhooks,
    retentionBatchSize: retention.batchSize,
  });
  activityRetentionHolds.holdFor('outbound webhooks', outboundWebhooks.fanOutCursor);
  return {
    services: {
      members: members.service,
      memberPrivacy: members.privacy,
      audit: audit.service,
      activity: activity.service,
      idempotency: idempotency.service,
      points: points.service,
      ledger: points.ledger,
      catalog: catalog.service,
      earning: earning.service,
      tiers: tiers.service,
      orders: orders.service,
      rewards: rewards.service,
      feedback: feedback.service,
      surveys: feedback.surveys,
      recommendations: recommendations.service,
      recommendationModel: recommendations.model,
      insight: insight.service,
      outboundWebhooks: outboundWebhooks.service,
    },
    /** Outbound webhooks' background worker, started by the server with the published outbox. */
    outboundWebhookWorker: outboundWebhooks.worker,
    jobs: [
      ...points.jobs,
      ...tiers.jobs,
      ...rewards.jobs,
      ...recommendations.jobs,
      ...insight.jobs,
      ...retentionJobs(db, retention, () => activity.service.feed.horizon(), activityRetentionHolds),
      ...outboundWebhooks.jobs,
    ],
    /** Outbox readers register their cursor here so activity retention never deletes what they have not read. */
    activityRetentionHolds,
    resolvers: [
      ...members.resolvers,
      ...audit.resolvers,
      ...activity.resolvers,
      ...points.resolvers,
      ...catalog.resolvers,
      ...earning.resolvers,
      ...tiers.resolvers,
      ...orders.resolvers,
      ...rewards.resolvers,
      ...feedback.resolvers,
      ...recommendations.resolvers,
      ...insight.resolvers,
      ...outboundWebhooks.resolvers,
    ],
  };
}

/** The retention jobs (README: Retention): each table's period from the environment, batches of RETENTION_BATCH_SIZE. */
function retentionJobs(
  db: Database,
  retention: RetentionConfig,
  publishedHorizon: () => number,
  holds: ActivityRetentionHolds,
) {
  const batchSize = retention.batchSize;
  return [
    activityRetentionJob(db, holds, publishedHorizon, { days: retention.activityEventDays, batchSize }),
    idempotencyRetentionJob(db, { days: retention.idempotencyKeyDays, batchSize }),
    webhookDeliveryRetentionJob(db, {
      processedDays: retention.webhookBodyDays,
      failedDays: retention.webhookFailedBodyDays,
      batchSize,
    }),
    jobRunsRetentionJob(db, { days: retention.jobRunDays, batchSize }),
  ];
}
