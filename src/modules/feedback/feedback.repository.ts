import { In, type EntityManager } from 'typeorm';
import type { Database } from '../../data/database';
import { OrderHistoryReader, type OrderOrigin } from '../orders';
import { FeedbackGrouping } from './feedback.enums';
import { type FeedbackCounts, DETRACTOR_MAX, PROMOTER_MIN, CSAT_SATISFIED_MIN } from './feedback.rules';
import { FeedbackResponse } from './feedback-response.entity';
import { periodKeySql } from './period-sql';
import { SurveyInvitation } from './survey-invitation.entity';
import { Survey } from './survey.entity';

export interface FeedbackCriteria {
  from: Date;
  to: Date;
  surveyId?: number | null;
  storeId?: string | null;
  channel?: string | null;
  tierCode?: string | null;
  memberIds?: number[] | null;
}

export interface ResponseCriteria {
  memberId?: number | null;
  surveyId?: number | null;
  detractorsOnly?: boolean;
}

/** Every query of the feedback context (orders are read, never written). */
export class FeedbackRepository {
  /** Orders are the orders context's table: read through its reader. */
  private readonly orders = new OrderHistoryReader();

  constructor(private readonly db: Database) {}

  findSurvey(manager: EntityManager, id: number): Promise<Survey | null> {
    return manager.findOne(Survey, { where: { id } });
  }

  findSurveyByCode(manager: EntityManager, code: string): Promise<Survey | null> {
    return manager.findOne(Survey, { where: { code } });
  }

  async insertSurvey(manager: EntityManager, values: Partial<Survey>): Promise<number> {
    const result = await manager.insert(Survey, values);
    return Number(result.identifiers[0].id);
  }

  async updateSurvey(manager: EntityManager, id: number, values: Partial<Survey>): Promise<void> {
    await manager.update(Survey, { id }, values);
  }

  surveys(manager: EntityManager, afterId: number | null, limit: number): Promise<Survey[]> {
    const query = manager.createQueryBuilder(Survey, 's').orderBy('s.id', 'ASC').limit(limit);
    if (afterId !== null) query.where('s.id > :afterId', { afterId });
    return query.getMany();
  }

  /** The order a response or invitation is about: its owner, channel and store. */
  findOrder(manager: EntityManager, id: number): Promise<OrderOrigin | null> {
    return this.orders.origin(manager, id);
  }

  findInvitation(
    manager: EntityManager,
    where: { id: number } | { token: string } | { surveyId: number; orderId: number },
  ) {
    return manager.findOne(SurveyInvitation, { where });
  }

  async insertInvitation(manager: EntityManager, values: Partial<SurveyInvitation>): Promise<number> {
    const result = await manager.insert(SurveyInvitation, values);
    return Number(result.identifiers[0].id);
  }

  /** Marks an invitation answered only once: a second answer finds it taken. */
  async markInvitationAnswered(
    manager: EntityManager,
    id: number,
    responseId: number,
    at: Date,
  ): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(SurveyInvitation)
      .set({ respondedAt: at, responseId })
      .where('id = :id AND respondedAt IS NULL', { id })
      .execute();
    return result.affected === 1;
  }

  findResponse(manager: EntityManager, id: number): Promise<FeedbackResponse | null> {
    return manager.findOne(FeedbackResponse, { where: { id } });
  }

  findResponseBySubject(manager: EntityManager, surveyId: number, memberId: number, subjectKey: string) {
    return manager.findOne(FeedbackResponse, { where: { surveyId, memberId, subjectKey } });
  }

  findResponseByExternalId(manager: EntityManager, surveyId: number, externalId: string) {
    return manager.findOne(FeedbackResponse, { where: { surveyId, externalId } });
  }

  async insertResponse(manager: EntityManager, values: Partial<FeedbackResponse>): Promise<number> {
    const result = await manager.insert(FeedbackResponse, values);
    return Number(result.identifiers[0].id);
  }

  async setPointsAwarded(manager: EntityManager, id: number, points: number): Promise<void> {
    await manager.update(FeedbackResponse, { id }, { pointsAwarded: points });
  }

  responses(
    manager: EntityManager,
    criteria: ResponseCriteria,
    beforeId: number | null,
    limit: number,
  ): Promise<FeedbackResponse[]> {
    const query = manager.createQueryBuilder(FeedbackResponse, 'r').orderBy('r.id', 'DESC').limit(limit);
    if (criteria.memberId) query.andWhere('r.memberId = :memberId', { memberId: criteria.memberId });
    if (criteria.surveyId) query.andWhere('r.surveyId = :surveyId', { surveyId: criteria.surveyId });
    if (criteria.detractorsOnly) query.andWhere('r.npsScore <= :max', { max: DETRACTOR_MAX });
    if (beforeId !== null) query.andWhere('r.id < :beforeId', { beforeId });
    return query.getMany();
  }

  responsesByIds(manager: EntityManager, ids: readonly number[]): Promise<FeedbackResponse[]> {
    return ids.length ? manager.find(FeedbackResponse, { where: { id: In([...ids]) } }) : Promise.resolve([]);
  }

  surveysByIds(manager: EntityManager, ids: readonly number[]): Promise<Survey[]> {
    return ids.length ? manager.find(Survey, { where: { id: In([...ids]) } }) : Promise.resolve([]);
  }

  /** Counts per group in one statement; the scores are derived from them (feedback.rules). */
  async counts(
    manager: EntityManager,
    criteria: FeedbackCriteria,
    groupBy: FeedbackGrouping,
  ): Promise<(FeedbackCounts & { key: string | null })[]> {
    const key = this.groupKey(groupBy);
    const query = manager
      .createQueryBuilder(FeedbackResponse, 'r')
      .select(key ?? 'NULL', 'groupKey')
      .addSelect('COUNT(*)', 'responses')
      .addSelect('COUNT(r.npsScore)', 'npsResponses')
      .addSelect(`SUM(CASE WHEN r.npsScore >= ${PROMOTER_MIN} THEN 1 ELSE 0 END)`, 'promoters')
      .addSelect(`SUM(CASE WHEN r.npsScore <= ${DETRACTOR_MAX} THEN 1 ELSE 0 END)`, 'detractors')
      .addSelect('COUNT(r.csatScore)', 'csatResponses')
      .addSelect(`SUM(CASE WHEN r.csatScore >= ${CSAT_SATISFIED_MIN} THEN 1 ELSE 0 END)`, 'csatSatisfied')
      .addSelect('COUNT(r.cesScore)', 'cesResponses')
      .addSelect('COALESCE(SUM(r.cesScore), 0)', 'cesTotal')
      .where('r.submittedAt >= :from AND r.submittedAt < :to', { from: criteria.from, to: criteria.to });
    if (criteria.surveyId) query.andWhere('r.surveyId = :surveyId', { surveyId: criteria.surveyId });
    if (criteria.storeId) query.andWhere('r.storeId = :storeId', { storeId: criteria.storeId });
    if (criteria.channel) query.andWhere('r.channel = :channel', { channel: criteria.channel });
    if (criteria.tierCode) query.andWhere('r.tierCode = :tierCode', { tierCode: criteria.tierCode });
    if (key) query.groupBy(key).orderBy(key, 'ASC');
    const rows = await query.getRawMany<Record<string, string | number | null>>();
    const n = (value: string | number | null | undefined) => Number(value ?? 0);
    return rows
      .filter((row) => key === null || n(row.responses) > 0)
      .map((row) => ({
        key: row.groupKey === null || row.groupKey === undefined ? null : String(row.groupKey),
        responses: n(row.responses),
        npsResponses: n(row.npsResponses),
        promoters: n(row.promoters),
        detractors: n(row.detractors),
        csatResponses: n(row.csatResponses),
        csatSatisfied: n(row.csatSatisfied),
        cesResponses: n(row.cesResponses),
        cesTotal: n(row.cesTotal),
      }));
  }

  private groupKey(groupBy: FeedbackGrouping): string | null {
    switch (groupBy) {
      case FeedbackGrouping.STORE:
        return 'r.storeId';
      case FeedbackGrouping.CHANNEL:
        return 'r.channel';
      case FeedbackGrouping.TIER:
        return 'r.tierCode';
      case FeedbackGrouping.DAY:
      case FeedbackGrouping.WEEK:
      case FeedbackGrouping.MONTH:
        return periodKeySql(this.db.kind, 'r.submittedAt', groupBy);
      default:
        return null;
    }
  }

  // Privacy: export, erase (free text out, scores kept anonymously), merge.
  responsesOf(manager: EntityManager, memberId: number): Promise<FeedbackResponse[]> {
    return manager.find(FeedbackResponse, { where: { memberId }, order: { id: 'ASC' } });
  }

  invitationsOf(manager: EntityManager, memberId: number): Promise<SurveyInvitation[]> {
    return manager.find(SurveyInvitation, { where: { memberId }, order: { id: 'ASC' } });
  }

  async eraseSuggestions(manager: EntityManager, memberId: number): Promise<void> {
    await manager.update(FeedbackResponse, { memberId }, { suggestion: null });
  }

  async renameSubject(manager: EntityManager, id: number, subjectKey: string): Promise<void> {
    await manager.update(FeedbackResponse, { id }, { subjectKey });
  }

  async moveMember(manager: EntityManager, fromId: number, toId: number): Promise<void> {
    await manager.update(FeedbackResponse, { memberId: fromId }, { memberId: toId });
    await manager.update(SurveyInvitation, { memberId: fromId }, { memberId: toId });
  }
}
