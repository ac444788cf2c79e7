import type { Database } from '../../data/database';
import type { Job } from '../../jobs/job';
import { retentionRowsTotal } from '../../jobs/job-metrics';
import { daysBefore } from '../../jobs/retention-batches';
import { IdempotencyKey } from './idempotency-key.entity';

/**
 * Deletes idempotency keys older than the retention period (IDEMPOTENCY_RETENTION_DAYS, 30 by
 * default): a client retrying the same key after that is treated as a new request, which is why the
 * period must stay longer than any client's or platform's retry horizon (Shopify retries for 48 h,
 * Stripe for 3 days). The table's key is (scope, key), so batches follow the createdAt index:
 * each statement deletes up to `batchSize` of the oldest keys, in its own short transaction.
 */
export function idempotencyRetentionJob(db: Database, settings: { days: number; batchSize: number }): Job {
  return {
    name: 'idempotency-retention',
    description: `Delete idempotency keys older than ${settings.days} days`,
    schedule: '10 4 * * *',
    async run(now) {
      const cutoff = daysBefore(now, settings.days);
      let keysDeleted = 0;
      for (;;) {
        // The createdAt of the batch's last key: the batch is every key up to it (ties included).
        const boundary = await db.manager
          .createQueryBuilder(IdempotencyKey, 'k')
          .where('k.createdAt < :cutoff', { cutoff })
          .orderBy('k.createdAt', 'ASC')
          .offset(settings.batchSize - 1)
          .limit(1)
          .getOne();
        const upTo = boundary?.createdAt ?? cutoff;
        const result = await db.transaction((manager) =>
          manager
            .createQueryBuilder()
            .delete()
            .from(IdempotencyKey)
            .where('createdAt < :cutoff', { cutoff })
            .andWhere(boundary ? 'createdAt <= :upTo' : '1 = 1', { upTo })
            .execute(),
        );
        const count = result.affected ?? 0;
        keysDeleted += count;
        retentionRowsTotal.inc({ table: 'idempotency_key', action: 'deleted' }, count);
        if (!boundary || count === 0) break;
      }
      return { keysDeleted };
    },
  };
}
