import type { Database } from '../../data/database';
import type { Job } from '../../jobs/job';
import type { ActivityService } from '../activity';
import type { AuditService } from '../audit';
import { FeedbackRepository } from '../feedback';
import type { MemberDataRegistry } from '../privacy';
import { InsightMemberDataParticipant } from './insight-member-data.participant';
import { InsightSettings } from './insight-settings.entity';
import { InsightRepository } from './insight.repository';
import { InsightResolver, MemberInsightFieldsResolver } from './insight.resolver';
import { InsightService } from './insight.service';
import { MemberInsight } from './member-insight.entity';

export { InsightService, MemberInsight };
export { LifecycleStage, RfmSegment } from './insight.enums';
export const insightEntities = [MemberInsight, InsightSettings];

/** Wires the insight context: RFM segments, lifecycle, churn risk, CLV (a daily job) and programme KPIs. */
export function createInsightModule(deps: {
  db: Database;
  audit: AuditService;
  activity: ActivityService;
  memberData: MemberDataRegistry;
}) {
  const repository = new InsightRepository();
  const service = new InsightService(
    deps.db,
    repository,
    new FeedbackRepository(deps.db),
    deps.activity,
    deps.audit,
  );
  deps.memberData.register(new InsightMemberDataParticipant(repository));
  const jobs: Job[] = [
    {
      name: 'insight-recompute',
      description: 'Recompute RFM scores and segments, lifecycle stages (with events), churn risk and CLV',
      schedule: '0 3 * * *', // nightly, after the tier review
      run: (now, progress) => service.recompute(now, progress),
    },
  ];
  return { service, jobs, resolvers: [new InsightResolver(service), new MemberInsightFieldsResolver()] };
}
