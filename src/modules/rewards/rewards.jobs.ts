import type { Database } from '../../data/database';
import type { Job } from '../../jobs/job';
import type { BenefitsService } from './benefits.service';
import type { RewardsRepository } from './rewards.repository';

/**
 * The rewards context's jobs. The benefits are daily work run shortly after midnight and again at noon:
 * each is a no-op once done for the day (grants are unique per member and period), so the second run
 * only catches what a failed first run missed.
 */
export function rewardsJobs(db: Database, benefits: BenefitsService, repository: RewardsRepository): Job[] {
  return [
    {
      name: 'rewards-birthday-benefits',
      description: 'Birthday points and birthday-gift coupons, once per member per year',
      schedule: '5 0,12 * * *',
      run: (now, progress) => benefits.grantBirthdays(now, progress),
    },
    {
      name: 'rewards-member-day-benefits',
      description: 'Member-day coupons on the member day of each month, once per member per month',
      schedule: '10 0,12 * * *',
      run: (now, progress) => benefits.grantMemberDay(now, progress),
    },
    {
      name: 'rewards-expire-coupons',
      description: 'Marks issued coupons past their validity as EXPIRED',
      schedule: '0 * * * *',
      run: async (now) => ({
        couponsExpired: await db.transaction((manager) => repository.expireCoupons(manager, now)),
      }),
    },
  ];
}
