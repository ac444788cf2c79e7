import type { Database } from '../../data/database';
import type { Job } from '../../jobs/job';
import type { Port } from '../../common/port';
import type { ActivityService } from '../activity';
import type { AuditService } from '../audit';
import type { MemberDataRegistry } from '../privacy';
import { MemberTierRow } from './member-tier.entity';
import { MemberTierFieldsResolver, TierChangeFieldsResolver } from './member-tier-fields.resolver';
import {
  QualificationFiguresReader,
  type OrderQualificationSource,
  type PointsQualificationSource,
} from './qualification-figures';
import { TierChange } from './tier-change.entity';
import { TierChangeWriter } from './tier-change.writer';
import { Tier } from './tier.entity';
import { TierLadderService } from './tier-ladder.service';
import { TierSettings } from './tier-settings.entity';
import { TiersMemberDataParticipant } from './tiers-member-data.participant';
import { TiersRepository } from './tiers.repository';
import { requestTierLoaders } from './tiers.loaders';
import { TiersResolver } from './tiers.resolver';
import { tiersReviewJob } from './tiers-review.job';
import { TiersService } from './tiers.service';

export { TiersService, TierLadderService, Tier, MemberTierRow };
export type { MemberTier, OrderQualificationSource, PointsQualificationSource } from './tiers.service';
export const tiersEntities = [Tier, TierSettings, MemberTierRow, TierChange];

/** Wires the tiers context; the orders context's qualification figures arrive through a port core.ts binds. */
export function createTiersModule(deps: {
  db: Database;
  audit: AuditService;
  activity: ActivityService;
  memberData: MemberDataRegistry;
  qualification: PointsQualificationSource;
  /** Net spend and order counts (the orders context, built after tiers; bound by core.ts). */
  orderFigures: Port<OrderQualificationSource>;
}) {
  const repository = new TiersRepository();
  const figures = new QualificationFiguresReader(deps.qualification, deps.orderFigures);
  const writer = new TierChangeWriter(repository, deps.activity);
  const service = new TiersService(deps.db, repository, figures, writer, deps.audit);
  const ladder = new TierLadderService(deps.db, repository, deps.audit);
  const loaders = requestTierLoaders(service, repository);
  deps.memberData.register(new TiersMemberDataParticipant(repository, deps.activity));
  return {
    service,
    ladder,
    resolvers: [
      new TiersResolver(service, ladder),
      new MemberTierFieldsResolver(loaders),
      new TierChangeFieldsResolver(loaders),
    ] as object[],
    jobs: [tiersReviewJob(service)] as Job[],
  };
}

// Used by other contexts.
export { requestTierLoaders } from './tiers.loaders';
export { TierRequirement } from './tier.enums';
