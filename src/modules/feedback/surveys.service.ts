import { randomBytes } from 'node:crypto';
import { assertCanAccessMember } from '../../auth/member-access';
import { BadUserInputError, ConflictError, NotFoundError } from '../../common/errors';
import type { RequestContext } from '../../common/request-context';
import type { Database } from '../../data/database';
import { isUniqueViolation } from '../../data/database-errors';
import type { AuditService } from '../audit';
import { parseId } from '../../common/ids';
import type { FeedbackRepository } from './feedback.repository';
import type { CreateSurveyInput, CreateSurveyInvitationInput, UpdateSurveyInput } from './feedback.inputs';
import type { SurveyInvitation } from './survey-invitation.entity';
import type { Survey } from './survey.entity';
import { clock } from '../../common/clock';

/** Surveys as data (admin) and post-purchase invitations (staff, or a survey plugin through the SDK). */
export class SurveysService {
  constructor(
    private readonly db: Database,
    private readonly repository: FeedbackRepository,
    private readonly audit: AuditService,
  ) {}

  async getById(id: number): Promise<Survey> {
    const survey = await this.repository.findSurvey(this.db.manager, id);
    if (!survey) throw new NotFoundError('Survey', id);
    return survey;
  }

  page(afterId: number | null, limit: number): Promise<Survey[]> {
    return this.repository.surveys(this.db.manager, afterId, limit);
  }

  async create(ctx: RequestContext, input: CreateSurveyInput): Promise<Survey> {
    if (!input.asksNps && !input.asksCsat && !input.asksCes && !input.asksSuggestion) {
      throw BadUserInputError.field('asksNps', 'A survey must ask at least one question');
    }
    const id = await this.db.transaction(async (manager) => {
      if (await this.repository.findSurveyByCode(manager, input.code)) throw codeTaken(input.code);
      const now = clock.now();
      let created: number;
      try {
        created = await this.repository.insertSurvey(manager, {
          ...input,
          title: input.title.trim(),
          active: true,
          createdAt: now,
          updatedAt: now,
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw codeTaken(input.code);
        throw error;
      }
      await this.audit.record(ctx, manager, {
        action: 'survey.create',
        targetType: 'survey',
        targetId: created,
        after: input,
      });
      return created;
    });
    return this.getById(id);
  }

  async update(ctx: RequestContext, id: number, input: UpdateSurveyInput): Promise<Survey> {
    await this.db.transaction(async (manager) => {
      const before = await this.repository.findSurvey(manager, id);
      if (!before) throw new NotFoundError('Survey', id);
      const changes = {
        ...(input.title !== undefined && input.title !== null ? { title: input.title.trim() } : {}),
        ...(input.active !== undefined && input.active !== null ? { active: input.active } : {}),
      };
      await this.repository.updateSurvey(manager, id, { ...changes, updatedAt: clock.now() });
      await this.audit.record(ctx, manager, {
        action: 'survey.update',
        targetType: 'survey',
        targetId: id,
        before: { title: before.title, active: before.active },
        after: { title: before.title, active: before.active, ...changes },
      });
    });
    return this.getById(id);
  }

  /**
   * The invitation for (survey, order), created on first ask: asking again (a retried webhook, a second
   * click) returns the same token. Guest orders have nobody to ask.
   */
  async invite(ctx: RequestContext, input: CreateSurveyInvitationInput): Promise<SurveyInvitation> {
    const surveyId = parseId(input.surveyId, 'surveyId', 'a survey id');
    const orderId = parseId(input.orderId, 'orderId', 'an order id');
    const id = await this.db.transaction(async (manager) => {
      const survey = await this.repository.findSurvey(manager, surveyId);
      if (!survey) throw new NotFoundError('Survey', surveyId);
      if (!survey.active) throw new ConflictError(`Survey ${surveyId} is closed`);
      const order = await this.repository.findOrder(manager, orderId);
      if (!order) throw new NotFoundError('Order', orderId);
      if (order.memberId === null)
        throw BadUserInputError.field('orderId', 'A guest order has no member to ask');
      const existing = await this.repository.findInvitation(manager, { surveyId, orderId });
      if (existing) return existing.id;
      try {
        const created = await this.repository.insertInvitation(manager, {
          surveyId,
          orderId,
          memberId: order.memberId,
          channel: order.channel,
          storeId: order.storeId,
          token: randomBytes(24).toString('base64url'),
          createdAt: clock.now(),
          respondedAt: null,
          responseId: null,
        });
        await this.audit.record(ctx, manager, {
          action: 'survey.invite',
          targetType: 'member',
          targetId: order.memberId,
          after: { surveyId, orderId, invitationId: created },
        });
        return created;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        const twin = await this.repository.findInvitation(manager, { surveyId, orderId });
        if (!twin) throw error;
        return twin.id;
      }
    });
    return (await this.repository.findInvitation(this.db.manager, { id }))!;
  }

  async invitationByToken(ctx: RequestContext, token: string): Promise<SurveyInvitation> {
    const invitation = await this.repository.findInvitation(this.db.manager, { token });
    if (!invitation) throw new NotFoundError('Survey invitation', 'with this token');
    assertCanAccessMember(ctx.principal, invitation.memberId);
    return invitation;
  }
}

function codeTaken(code: string): ConflictError {
  return new ConflictError(`A survey with code ${code} already exists`, { field: 'code' });
}
