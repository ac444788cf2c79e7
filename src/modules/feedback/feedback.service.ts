import type { EntityManager } from 'typeorm';
import { assertCanAccessMember, requirePrincipal } from '../../auth/member-access';
import type { Principal } from '../../auth/principal';
import { BadUserInputError, ConflictError, NotFoundError } from '../../common/errors';
import type { RequestContext } from '../../common/request-context';
import type { Database } from '../../data/database';
import { isUniqueViolation } from '../../data/database-errors';
import type { ActivityService } from '../activity';
import type { AuditService } from '../audit';
import { Behaviour, type EarningService, type MemberTierSource } from '../earning';
import { isActiveMembership, isRetiredMembership, type MembersRepository } from '../members';
import { parseId } from '../../common/ids';
import type { FeedbackResponse } from './feedback-response.entity';
import type { FeedbackCriteria, FeedbackRepository, ResponseCriteria } from './feedback.repository';
import { answerProblems, isDetractor, scoresOf } from './feedback.rules';
import type { FeedbackSummaryInput, SubmitFeedbackInput } from './feedback.inputs';
import type { FeedbackSummaryRow, SubmitFeedbackPayload } from './feedback.types';
import type { SurveyInvitation } from './survey-invitation.entity';
import type { DetractorAlertsService } from './detractor-alerts.service';
import { clock } from '../../common/clock';

/** Who submitted: the member, staff, or the plugin acting for the member (survey vendors). */
function sourceOf(principal: Principal): string {
  if (principal.plugin) return `plugin:${principal.plugin}`.slice(0, 64);
  return principal.role;
}

/**
 * Survey answers: one per member, survey and order (or once without an order), in one transaction
 * with the points they earn (once per survey per member, through the earning rules), the audit entry
 * and the activity events (`feedback.submitted`, and `feedback.detractor-alert` for NPS 0-6).
 */
export class FeedbackService {
  constructor(
    private readonly db: Database,
    private readonly repository: FeedbackRepository,
    private readonly members: MembersRepository,
    private readonly earning: EarningService,
    private readonly tiers: MemberTierSource,
    private readonly audit: AuditService,
    private readonly activity: ActivityService,
    private readonly alerts: DetractorAlertsService,
  ) {}

  /**
   * `submittedAt` is for answers given earlier and recorded now by trusted code (the demo seed's year
   * of surveys), as orders carry `purchasedAt`: the response, its points and its period use that time.
   * The API always submits now.
   */
  async submit(
    ctx: RequestContext,
    input: SubmitFeedbackInput,
    options: { submittedAt?: Date } = {},
  ): Promise<SubmitFeedbackPayload> {
    const principal = requirePrincipal(ctx.principal);
    const answers = {
      nps: input.nps,
      csat: input.csat,
      ces: input.ces,
      suggestion: input.suggestion?.trim(),
    };
    const result = await this.db.transaction((manager) =>
      this.submitWithin(ctx, manager, principal, input, answers, options.submittedAt ?? clock.now()),
    );
    const response = (await this.repository.findResponse(this.db.manager, result.responseId))!;
    return { response, alreadySubmitted: result.alreadySubmitted, detractorAlert: result.detractorAlert };
  }

  private async submitWithin(
    ctx: RequestContext,
    manager: EntityManager,
    principal: Principal,
    input: SubmitFeedbackInput,
    answers: { nps?: number; csat?: number; ces?: number; suggestion?: string },
    now: Date,
  ): Promise<{ responseId: number; alreadySubmitted: boolean; detractorAlert: boolean }> {
    let invitation: SurveyInvitation | null = null;
    if (input.invitationToken) {
      invitation = await this.repository.findInvitation(manager, { token: input.invitationToken });
      if (!invitation) throw new NotFoundError('Survey invitation', 'with this token');
    }
    const surveyId =
      invitation?.surveyId ?? (input.surveyId ? parseId(input.surveyId, 'surveyId', 'a survey id') : null);
    if (surveyId === null) throw BadUserInputError.field('surveyId', 'Give surveyId or invitationToken');
    if (
      invitation &&
      input.surveyId &&
      parseId(input.surveyId, 'surveyId', 'a survey id') !== invitation.surveyId
    ) {
      throw BadUserInputError.field('surveyId', 'The invitation is for another survey');
    }
    const memberId = this.memberOf(principal, input, invitation);
    assertCanAccessMember(principal, memberId);

    const survey = await this.repository.findSurvey(manager, surveyId);
    if (!survey) throw new NotFoundError('Survey', surveyId);
    if (!survey.active) throw new ConflictError(`Survey ${surveyId} is closed`);
    const problems = answerProblems(survey, answers);
    if (problems.length) {
      throw new BadUserInputError(
        problems[0].message,
        problems.map((p) => ({ field: p.field, messages: [p.message] })),
      );
    }
    const member = await this.members.findById(manager, memberId);
    if (!member) throw new NotFoundError('Member', memberId);
    if (isRetiredMembership(member)) {
      throw new ConflictError(`Member ${memberId} is ${member.status}`, { status: member.status });
    }

    const orderId =
      invitation?.orderId ?? (input.orderId ? parseId(input.orderId, 'orderId', 'an order id') : null);
    if (
      invitation &&
      input.orderId &&
      parseId(input.orderId, 'orderId', 'an order id') !== invitation.orderId
    ) {
      throw BadUserInputError.field('orderId', 'The invitation is for another order');
    }
    const order = orderId === null ? null : await this.repository.findOrder(manager, orderId);
    if (orderId !== null && !order) throw new NotFoundError('Order', orderId);
    if (order && order.memberId !== memberId) {
      throw BadUserInputError.field('orderId', `Order ${orderId} is not an order of member ${memberId}`);
    }

    if (input.externalId) {
      const earlier = await this.repository.findResponseByExternalId(manager, surveyId, input.externalId);
      if (earlier) return this.redelivery(earlier, memberId);
    }
    const subjectKey = order ? `order:${order.id}` : 'member';
    if (await this.repository.findResponseBySubject(manager, surveyId, memberId, subjectKey)) {
      throw new ConflictError(
        order
          ? `Member ${memberId} already answered survey ${surveyId} about order ${order.id}`
          : `Member ${memberId} already answered survey ${surveyId}`,
      );
    }

    const channel = order ? order.channel : (input.channel ?? null);
    const storeId = order ? order.storeId : (input.storeId ?? null);
    const tierCode = (await this.tiers.tierOf(manager, memberId))?.code ?? null;
    let responseId: number;
    try {
      responseId = await this.repository.insertResponse(manager, {
        surveyId,
        memberId,
        orderId: order?.id ?? null,
        subjectKey,
        invitationId: invitation?.id ?? null,
        channel,
        storeId,
        tierCode,
        npsScore: answers.nps ?? null,
        csatScore: answers.csat ?? null,
        cesScore: answers.ces ?? null,
        suggestion: answers.suggestion || null,
        externalId: input.externalId ?? null,
        source: sourceOf(principal),
        pointsAwarded: 0,
        submittedAt: now,
      });
    } catch (error) {
      // A concurrent twin committed first: a redelivery answers with it, anything else is a duplicate.
      if (!isUniqueViolation(error)) throw error;
      const twin = input.externalId
        ? await this.repository.findResponseByExternalId(manager, surveyId, input.externalId)
        : null;
      if (twin) return this.redelivery(twin, memberId);
      throw new ConflictError(`Member ${memberId} already answered survey ${surveyId}`);
    }
    if (
      invitation &&
      !(await this.repository.markInvitationAnswered(manager, invitation.id, responseId, now))
    ) {
      throw new ConflictError('This invitation was already answered');
    }

    let points = 0;
    if (isActiveMembership(member)) {
      const award = await this.earning.awardBehaviour(ctx, manager, {
        memberId,
        behaviour: Behaviour.SURVEY_COMPLETED,
        reference: `survey:${surveyId}`,
        channel,
        storeId,
        tierCode,
        at: now,
      });
      if (!award.alreadyAwarded && award.points > 0) {
        points = award.points;
        await this.repository.setPointsAwarded(manager, responseId, points);
      }
    }

    const detractorAlert = isDetractor(answers.nps);
    const payload = {
      responseId,
      surveyId,
      surveyCode: survey.code,
      orderId: order?.id ?? null,
      storeId,
      channel,
      tierCode,
      nps: answers.nps ?? null,
      csat: answers.csat ?? null,
      ces: answers.ces ?? null,
      hasSuggestion: Boolean(answers.suggestion),
      pointsAwarded: points,
    };
    await this.audit.record(ctx, manager, {
      action: 'feedback.submit',
      targetType: 'member',
      targetId: memberId,
      after: payload,
    });
    await this.activity.record(manager, {
      type: 'feedback.submitted',
      memberId,
      channel,
      storeId,
      summary: `Member ${memberId} answered survey ${survey.code}${answers.nps !== undefined ? ` (NPS ${answers.nps})` : ''}`,
      payload,
    });
    if (detractorAlert) {
      // The queue entry support claims and resolves; its id rides on the live alert event.
      const alertId = await this.alerts.raise(manager, {
        responseId,
        memberId,
        npsScore: answers.nps!,
        at: now,
      });
      await this.activity.record(manager, {
        type: 'feedback.detractor-alert',
        memberId,
        channel,
        storeId,
        summary: `Detractor: member ${memberId} gave NPS ${answers.nps} on survey ${survey.code}${order ? ` (order ${order.id})` : ''}`,
        payload: { ...payload, alertId },
      });
    }
    return { responseId, alreadySubmitted: false, detractorAlert };
  }

  /** The same vendor response delivered again: the first answer stands, nothing more is paid. */
  private redelivery(earlier: FeedbackResponse, memberId: number) {
    if (earlier.memberId !== memberId) {
      throw new ConflictError('This externalId was already used for another member', {
        field: 'externalId',
      });
    }
    return { responseId: earlier.id, alreadySubmitted: true, detractorAlert: false };
  }

  private memberOf(
    principal: Principal,
    input: SubmitFeedbackInput,
    invitation: SurveyInvitation | null,
  ): number {
    if (invitation) {
      if (input.memberId && parseId(input.memberId, 'memberId', 'a member id') !== invitation.memberId) {
        throw BadUserInputError.field('memberId', 'The invitation is for another member');
      }
      return invitation.memberId;
    }
    if (input.memberId) return parseId(input.memberId, 'memberId', 'a member id');
    if (principal.role === 'member' && principal.memberId) return principal.memberId;
    throw BadUserInputError.field('memberId', 'memberId is required');
  }

  responses(criteria: ResponseCriteria, beforeId: number | null, limit: number): Promise<FeedbackResponse[]> {
    return this.repository.responses(this.db.manager, criteria, beforeId, limit);
  }

  /** NPS, CSAT, CES and counts per group, exactly per the standard definitions (feedback.rules). */
  async summary(input: FeedbackSummaryInput): Promise<FeedbackSummaryRow[]> {
    if (input.to <= input.from) throw BadUserInputError.field('to', 'to must be after from');
    const criteria: FeedbackCriteria = {
      from: input.from,
      to: input.to,
      surveyId: input.surveyId ? parseId(input.surveyId, 'surveyId', 'a survey id') : null,
      storeId: input.storeId ?? null,
      channel: input.channel ?? null,
      tierCode: input.tierCode ?? null,
    };
    const rows = await this.repository.counts(this.db.manager, criteria, input.groupBy);
    return rows.map((row) => ({ ...row, ...scoresOf(row) }));
  }
}
