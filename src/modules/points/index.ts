import type { Database } from '../../data/database';
import type { ActivityService } from '../activity';
import type { AuditService } from '../audit';
import type { IdempotencyService } from '../idempotency';
import type { MemberDataRegistry } from '../privacy';
import { EarningReversal } from './earning-reversal.entity';
import { LedgerEntry } from './ledger-entry.entity';
import { LotAllocation } from './lot-allocation.entity';
import { LedgerEntryFieldsResolver, MemberPointsResolver } from './member-points.resolver';
import { PointsAccount } from './points-account.entity';
import { PointsHold } from './points-hold.entity';
import { PointsLedger } from './points-ledger';
import { PointsLot } from './points-lot.entity';
import { PointsMemberDataParticipant } from './points-member-data.participant';
import { PointsPolicy } from './points-policy.entity';
import { createPointsJobs } from './points.jobs';
import { PointsRepository } from './points.repository';
import { PointsResolver } from './points.resolver';
import { PointsService } from './points.service';

export { PointsLedger, PointsService, LedgerEntry, PointsLot, PointsHold };
export * from './points.enums';
export type * from './points-movements';
export const pointsEntities = [
  PointsAccount,
  LedgerEntry,
  PointsLot,
  LotAllocation,
  EarningReversal,
  PointsHold,
  PointsPolicy,
];

/** Wires the points context: the ledger other contexts move points with, the API service, jobs. */
export function createPointsModule(deps: {
  db: Database;
  audit: AuditService;
  activity: ActivityService;
  memberData: MemberDataRegistry;
  idempotency: IdempotencyService;
}) {
  const repository = new PointsRepository(deps.db);
  const ledger = new PointsLedger(repository, deps.idempotency, deps.activity);
  const service = new PointsService(deps.db, repository, ledger, deps.idempotency, deps.audit);
  deps.memberData.register(new PointsMemberDataParticipant(repository));
  return {
    ledger,
    service,
    /** For tiers: qualifying points over a window. */
    qualification: { earnedSince: repository.qualifyingPointsSince.bind(repository) },
    jobs: createPointsJobs(deps.db, repository, ledger, deps.activity),
    resolvers: [
      new PointsResolver(service),
      new MemberPointsResolver(service),
      new LedgerEntryFieldsResolver(),
    ],
  };
}

// Used by other contexts.
export type { ExplainedRule, PointsExplanation } from './explanation';
export {
  AuthorisePointsPaymentInput,
  QuotePointsPaymentInput,
  RefundPointsPaymentInput,
} from './points.inputs';
export type { Movement } from './points.service';
export { PointsExplanationView, explanationView } from './points.types';
export { createPointsLoaders } from './points.loaders';
export { LedgerFiguresReader } from './ledger-figures.reader';
