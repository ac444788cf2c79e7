import type { Database } from '../data/database';
import type { Job } from '../jobs/job';
import { retentionRowsTotal } from '../jobs/job-metrics';
import { daysBefore, forEachIdRange } from '../jobs/retention-batches';
import { WebhookDelivery, WebhookDeliveryStatus } from './webhook-delivery.entity';

/** What a cleared delivery keeps in place of its raw body and headers (the columns are NOT NULL). */
export const CLEARED_BODY = '';
const CLEARED_HEADERS = '{}';

/**
 * Clears the raw body and headers of webhook deliveries (platform payloads: customers' names,
 * addresses, orders) once they are no longer needed, and keeps the row: it is the dedupe record
 * (a platform re-sending an old delivery id is still recognised) and the admins' log (plugin, topic,
 * status, attempts, times, last error).
 * - PROCESSED deliveries: WEBHOOK_BODY_RETENTION_DAYS (14) after they were processed.
 * - FAILED deliveries: kept for an admin's replay, until WEBHOOK_FAILED_BODY_RETENTION_DAYS (90) after
 *   they were received; a replay of a cleared delivery has nothing to process.
 * PENDING and PROCESSING deliveries are never touched. One primary-key range per statement.
 */
export function webhookDeliveryRetentionJob(
  db: Database,
  settings: { processedDays: number; failedDays: number; batchSize: number },
): Job {
  return {
    name: 'webhook-delivery-retention',
    description: `Clear raw bodies of webhook deliveries processed over ${settings.processedDays} days ago (failed: received over ${settings.failedDays} days ago)`,
    schedule: '20 4 * * *',
    async run(now) {
      const processedBefore = daysBefore(now, settings.processedDays);
      const failedReceivedBefore = daysBefore(now, settings.failedDays);
      const bodiesCleared = await forEachIdRange(
        db,
        WebhookDelivery,
        settings.batchSize,
        async ({ from, to }) => {
          const result = await db.transaction((manager) =>
            manager
              .createQueryBuilder()
              .update(WebhookDelivery)
              .set({ body: CLEARED_BODY, headersJson: CLEARED_HEADERS })
              .where('id BETWEEN :from AND :to', { from, to })
              .andWhere('body <> :cleared', { cleared: CLEARED_BODY })
              .andWhere(
                '((status = :processed AND processedAt < :processedBefore) OR (status = :failed AND receivedAt < :failedReceivedBefore))',
                {
                  processed: WebhookDeliveryStatus.PROCESSED,
                  processedBefore,
                  failed: WebhookDeliveryStatus.FAILED,
                  failedReceivedBefore,
                },
              )
              .execute(),
          );
          const count = result.affected ?? 0;
          retentionRowsTotal.inc({ table: 'webhook_delivery', action: 'cleared' }, count);
          return count;
        },
      );
      return { bodiesCleared };
    },
  };
}
