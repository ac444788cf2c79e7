import type { Database } from '../../data/database';
import type { ActivityService } from '../activity';
import type { AuditService } from '../audit';
import type { EarningService, MemberTierSource } from '../earning';
import { MembersRepository } from '../members';
import type { MemberDataRegistry } from '../privacy';
import { DetractorAlert } from './detractor-alert.entity';
import { DetractorAlertNote } from './detractor-alert-note.entity';
import { DetractorAlertsMemberDataParticipant } from './detractor-alerts-member-data.participant';
import { DetractorAlertsRepository } from './detractor-alerts.repository';
import { DetractorAlertsResolver } from './detractor-alerts.resolver';
import { DetractorAlertsService } from './detractor-alerts.service';
import { FeedbackMemberDataParticipant } from './feedback-member-data.participant';
import { FeedbackResponse } from './feedback-response.entity';
import { FeedbackRepository } from './feedback.repository';
import { FeedbackResolver } from './feedback.resolver';
import { FeedbackService } from './feedback.service';
import { SurveyInvitation } from './survey-invitation.entity';
import { Survey } from './survey.entity';
import { SurveyInvitationFieldsResolver, SurveysResolver } from './surveys.resolver';
import { SurveysService } from './surveys.service';

export { Survey, SurveyInvitation, FeedbackResponse, FeedbackService, SurveysService, FeedbackRepository };
export { DetractorAlert, DetractorAlertNote, DetractorAlertsService };
export { DetractorAlertStatus } from './detractor-alert.entity';
export { FeedbackGrouping } from './feedback.enums';
export { periodKeySql } from './period-sql';
export { scoresOf, type FeedbackCounts } from './feedback.rules';
export const feedbackEntities = [
  Survey,
  SurveyInvitation,
  FeedbackResponse,
  DetractorAlert,
  DetractorAlertNote,
];

/** Wires the feedback context: surveys, invitations, responses and their aggregates. */
export function createFeedbackModule(deps: {
  db: Database;
  audit: AuditService;
  activity: ActivityService;
  memberData: MemberDataRegistry;
  earning: EarningService;
  tiers: MemberTierSource;
}) {
  const repository = new FeedbackRepository(deps.db);
  const alertsRepository = new DetractorAlertsRepository();
  const alerts = new DetractorAlertsService(deps.db, alertsRepository, deps.audit, deps.activity);
  const service = new FeedbackService(
    deps.db,
    repository,
    new MembersRepository(),
    deps.earning,
    deps.tiers,
    deps.audit,
    deps.activity,
    alerts,
  );
  const surveys = new SurveysService(deps.db, repository, deps.audit);
  deps.memberData.register(new FeedbackMemberDataParticipant(repository));
  deps.memberData.register(new DetractorAlertsMemberDataParticipant(alertsRepository));
  return {
    service,
    alerts,
    surveys,
    resolvers: [
      new FeedbackResolver(service),
      new SurveysResolver(surveys),
      new SurveyInvitationFieldsResolver(),
      new DetractorAlertsResolver(alerts),
    ],
  };
}

// Used by other contexts.
export { SubmitFeedbackInput } from './feedback.inputs';
export type { CreateSurveyInput } from './feedback.inputs';
