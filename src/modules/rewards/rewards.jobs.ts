import type { Database } from '../../data/database';
import type { Job } from '../../jobs/job';
import type { BenefitsService } from './benefits.service';
import type { RewardsRepository } from './rewards.repository';

const HOURLY = 60 * 60;

/**
 * The rewards context's jobs. Daily work, run hourly: each is a no-op once done for the day (grants are
 * unique per member and period), so the first run after midnight (UTC) does it and the rest find nothing.
 */
export function rewardsJobs(db: Database, benefits: BenefitsService, repository: RewardsRepository): Job[] {
  return [
    {
      name: 'rewards-birthday-benefits',
      description: 'Birthday points and birthday-gift coupons, once per member per year',
      everySeconds: HOURLY,
      run: (now, progress) => benefits.grantBirthdays(now, progress),
    },
    {
      name: 'rewards-member-day-benefits',
      description: 'Member-day coupons on the member day of each month, once per member per month',
      everySeconds: HOURLY,
      run: (now, progress) => benefits.grantMemberDay(now, progress),
    },
    {
      name: 'rewards-expire-coupons',
      description: 'Marks issued coupons past their validity as EXPIRED',
      everySeconds: HOURLY,
      run: async (now) => ({
        couponsExpired: await db.transaction((manager) => repository.expireCoupons(manager, now)),
      }),
    },
  ];
}
