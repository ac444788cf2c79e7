import type { Job } from '../../jobs/job';
import type { TiersService } from './tiers.service';

/**
 * Daily periodic review (02:00 in the jobs' time zone): members whose review date has passed are kept, put in grace, or (grace over)
 * moved down. Idempotent: each outcome moves the member's next due date past the run's `now`.
 */
export function tiersReviewJob(service: TiersService): Job {
  return {
    name: 'tiers-review',
    description:
      'Review members whose tier review is due: keep, start the grace period, or downgrade after it',
    schedule: '0 2 * * *',
    run: (now, progress) => service.review(now, progress),
  };
}
