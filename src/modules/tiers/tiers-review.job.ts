import type { Job } from '../../jobs/job';
import type { TiersService } from './tiers.service';

/**
 * Daily periodic review: members whose review date has passed are kept, put in grace, or (grace over)
 * moved down. Idempotent: each outcome moves the member's next due date past the run's `now`.
 */
export function tiersReviewJob(service: TiersService): Job {
  return {
    name: 'tiers-review',
    description:
      'Review members whose tier review is due: keep, start the grace period, or downgrade after it',
    everySeconds: 24 * 60 * 60,
    run: (now, progress) => service.review(now, progress),
  };
}
