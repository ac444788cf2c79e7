import { Foundation1763800000000 } from './1763800000000-foundation';
import { Points1764000000100 } from './1764000000100-points';
import { CatalogAndOrders1764000000200 } from './1764000000200-catalog-and-orders';
import { EarningRules1764000000300 } from './1764000000300-earning-rules';
import { Tiers1764000000400 } from './1764000000400-tiers';
import { Rewards1764000000500 } from './1764000000500-rewards';
import { Insight1764000000600 } from './1764000000600-insight';
import { ActivityFeed1764000000700 } from './1764000000700-activity-feed';
import { Plugins1764000000800 } from './1764000000800-plugins';
import { InsightIndexes1764000000900 } from './1764000000900-insight-indexes';
import { WebhookDeliveryLease1764000001000 } from './1764000001000-webhook-delivery-lease';
import { SqliteColumnsMatchEntities1764000001100 } from './1764000001100-sqlite-columns-match-entities';
import { EarningReversal1764000001200 } from './1764000001200-earning-reversal';
import { DetractorAlerts1764000001450 } from './1764000001450-detractor-alerts';
import { JobRun1764000001600 } from './1764000001600-job-run';
import { WebhookDeliveryTraceparent1764000001700 } from './1764000001700-webhook-delivery-traceparent';
import { OutboundWebhooks1764000001800 } from './1764000001800-outbound-webhooks';
import { CouponReplaces1764000001900 } from './1764000001900-coupon-replaces';

/** Core migrations in the order they run; plugins' migrations run after these. */
export const coreMigrations = [
  Foundation1763800000000,
  Points1764000000100,
  CatalogAndOrders1764000000200,
  EarningRules1764000000300,
  Tiers1764000000400,
  Rewards1764000000500,
  Insight1764000000600,
  ActivityFeed1764000000700,
  Plugins1764000000800,
  InsightIndexes1764000000900,
  WebhookDeliveryLease1764000001000,
  SqliteColumnsMatchEntities1764000001100,
  EarningReversal1764000001200,
  DetractorAlerts1764000001450,
  JobRun1764000001600,
  WebhookDeliveryTraceparent1764000001700,
  OutboundWebhooks1764000001800,
  CouponReplaces1764000001900,
];
