import type { Database } from '../../data/database';
import type { Job } from '../../jobs/job';
import type { AuditService } from '../audit';
import { MembersRepository } from '../members';
import type { OrderPurchasesReader } from '../orders';
import type { MemberDataRegistry } from '../privacy';
import { RecommendationDismissal } from './recommendation-dismissal.entity';
import {
  MemberProduct,
  ModelState,
  ProductNeighbour,
  ProductPair,
  ProductStats,
} from './recommendation-model.entities';
import { ORDER_SETTLE_MS, RecommendationModelService } from './recommendation-model.service';
import { RecommendationsMemberDataParticipant } from './recommendations-member-data.participant';
import { RecommendationsRepository } from './recommendations.repository';
import { RecommendationsResolver } from './recommendations.resolver';
import { RecommendationsService, type RecommendableRewardsSource } from './recommendations.service';

export { RecommendationsService, RecommendationModelService, ORDER_SETTLE_MS };
export type { RecommendableRewardsSource };
export const recommendationsEntities = [
  MemberProduct,
  ProductPair,
  ProductStats,
  ProductNeighbour,
  ModelState,
  RecommendationDismissal,
];

/** Wires the recommendations context: the model job, the per-member queries and dismissals. */
export function createRecommendationsModule(deps: {
  db: Database;
  audit: AuditService;
  memberData: MemberDataRegistry;
  rewards: RecommendableRewardsSource;
  orders: OrderPurchasesReader;
}) {
  const repository = new RecommendationsRepository(deps.db, deps.orders);
  const members = new MembersRepository();
  const model = new RecommendationModelService(deps.db, repository);
  const service = new RecommendationsService(deps.db, repository, members, deps.rewards, deps.audit);
  deps.memberData.register(new RecommendationsMemberDataParticipant(repository));
  const jobs: Job[] = [
    {
      name: 'recommendations-recompute',
      description: 'Count new orders into the co-purchase model (incremental) and refresh changed neighbours',
      schedule: '30 * * * *',
      run: (now, progress) => model.recompute(now, progress),
    },
    {
      name: 'recommendations-rebuild',
      description:
        'Recount the whole co-purchase model from orders (subtracts late refunds and cancellations)',
      schedule: '45 4 * * *', // nightly, after the retention jobs and before the 05:30 recompute
      run: (now) => model.rebuild(now),
    },
  ];
  return { service, model, jobs, resolvers: [new RecommendationsResolver(service, model)] };
}

// Used by other contexts.
export { MODELS, evaluateOffline } from './offline-evaluation';
export type { Metrics } from './offline-evaluation';
