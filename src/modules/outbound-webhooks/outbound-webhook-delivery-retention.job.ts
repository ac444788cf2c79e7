import type { Database } from '../../data/database';
import type { Job } from '../../jobs/job';
import { retentionRowsTotal } from '../../jobs/job-metrics';
import { daysBefore, forEachIdRange } from '../../jobs/retention-batches';
import { OutboundWebhookDelivery } from './outbound-webhook-delivery.entity';
import type { OutboundWebhooksRepository } from './outbound-webhooks.repository';

/**
 * Clears the bodies of outbound deliveries (members' activity, sent to partners) once no replay needs
 * them, and keeps the row as the admins' log (endpoint, event, status, attempts, last response):
 * - DELIVERED: OUTBOUND_WEBHOOK_BODY_RETENTION_DAYS (14) after delivery;
 * - FAILED: kept for an admin's replay until OUTBOUND_WEBHOOK_FAILED_BODY_RETENTION_DAYS (90) after
 *   it was queued; a cleared delivery can no longer be replayed.
 * PENDING and SENDING deliveries are never touched. One primary-key range per statement, like the
 * inbound webhook_delivery retention.
 */
export function outboundWebhookDeliveryRetentionJob(
  db: Database,
  repository: OutboundWebhooksRepository,
  settings: { deliveredDays: number; failedDays: number; batchSize: number },
): Job {
  return {
    name: 'outbound-webhook-delivery-retention',
    description: `Clear bodies of outbound webhook deliveries delivered over ${settings.deliveredDays} days ago (failed: queued over ${settings.failedDays} days ago)`,
    schedule: '25 4 * * *',
    async run(now) {
      const deliveredBefore = daysBefore(now, settings.deliveredDays);
      const failedBefore = daysBefore(now, settings.failedDays);
      const bodiesCleared = await forEachIdRange(
        db,
        OutboundWebhookDelivery,
        settings.batchSize,
        async (range) => {
          const count = await db.transaction((manager) =>
            repository.clearBodies(manager, range, deliveredBefore, failedBefore),
          );
          retentionRowsTotal.inc({ table: 'outbound_webhook_delivery', action: 'cleared' }, count);
          return count;
        },
      );
      return { bodiesCleared };
    },
  };
}
