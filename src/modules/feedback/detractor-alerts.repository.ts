import { In, type EntityManager } from 'typeorm';
import { DetractorAlert, DetractorAlertStatus } from './detractor-alert.entity';
import { DetractorAlertNote } from './detractor-alert-note.entity';

export interface AlertCriteria {
  statuses?: DetractorAlertStatus[] | null;
  memberId?: number | null;
  claimedBy?: string | null;
}

export interface Agent {
  role: string;
  subject: string;
}

/**
 * Every query of the detractor queue. State changes are conditional updates that say whether they
 * won (one row affected), so concurrent agents never both claim, note or resolve the same alert.
 */
export class DetractorAlertsRepository {
  find(manager: EntityManager, id: number): Promise<DetractorAlert | null> {
    return manager.findOne(DetractorAlert, { where: { id } });
  }

  async raise(
    manager: EntityManager,
    values: { responseId: number; memberId: number; npsScore: number; at: Date },
  ): Promise<number> {
    const result = await manager.insert(DetractorAlert, {
      responseId: values.responseId,
      memberId: values.memberId,
      npsScore: values.npsScore,
      status: DetractorAlertStatus.OPEN,
      raisedAt: values.at,
      updatedAt: values.at,
    });
    return Number(result.identifiers[0].id);
  }

  /** Oldest first within a status filter: the queue is worked in the order detractors answered. */
  page(manager: EntityManager, criteria: AlertCriteria, afterId: number | null, limit: number) {
    const query = manager.createQueryBuilder(DetractorAlert, 'alert').orderBy('alert.id', 'ASC').limit(limit);
    if (criteria.statuses?.length)
      query.andWhere('alert.status IN (:...statuses)', { statuses: criteria.statuses });
    if (criteria.memberId) query.andWhere('alert.memberId = :memberId', { memberId: criteria.memberId });
    if (criteria.claimedBy) query.andWhere('alert.claimedBy = :claimedBy', { claimedBy: criteria.claimedBy });
    if (afterId !== null) query.andWhere('alert.id > :afterId', { afterId });
    return query.getMany();
  }

  count(manager: EntityManager, criteria: AlertCriteria): Promise<number> {
    const where: Record<string, unknown> = {};
    if (criteria.statuses?.length) where.status = In(criteria.statuses);
    if (criteria.memberId) where.memberId = criteria.memberId;
    if (criteria.claimedBy) where.claimedBy = criteria.claimedBy;
    return manager.count(DetractorAlert, { where });
  }

  /** OPEN → CLAIMED by this agent; false when someone else got there first (or it is resolved). */
  async claim(manager: EntityManager, id: number, agent: Agent, at: Date): Promise<boolean> {
    const result = await manager.update(
      DetractorAlert,
      { id, status: DetractorAlertStatus.OPEN },
      {
        status: DetractorAlertStatus.CLAIMED,
        claimedBy: agent.subject,
        claimedByRole: agent.role,
        claimedAt: at,
        updatedAt: at,
      },
    );
    return result.affected === 1;
  }

  /** CLAIMED by `holder` → OPEN again. */
  async release(manager: EntityManager, id: number, holder: string, at: Date): Promise<boolean> {
    const result = await manager.update(
      DetractorAlert,
      { id, status: DetractorAlertStatus.CLAIMED, claimedBy: holder },
      {
        status: DetractorAlertStatus.OPEN,
        claimedBy: null,
        claimedByRole: null,
        claimedAt: null,
        updatedAt: at,
      },
    );
    return result.affected === 1;
  }

  /** CLAIMED by `holder` → RESOLVED with how the loop was closed. */
  async resolve(manager: EntityManager, id: number, holder: string, resolution: string, at: Date) {
    const result = await manager.update(
      DetractorAlert,
      { id, status: DetractorAlertStatus.CLAIMED, claimedBy: holder },
      { status: DetractorAlertStatus.RESOLVED, resolution, resolvedAt: at, updatedAt: at },
    );
    return result.affected === 1;
  }

  /** Bumps `updatedAt` only while `holder` still has the claim: the note and the claim check are one step. */
  async touchClaimed(manager: EntityManager, id: number, holder: string, at: Date): Promise<boolean> {
    const result = await manager.update(
      DetractorAlert,
      { id, status: DetractorAlertStatus.CLAIMED, claimedBy: holder },
      { updatedAt: at },
    );
    return result.affected === 1;
  }

  findNoteByKey(manager: EntityManager, alertId: number, idempotencyKey: string) {
    return manager.findOne(DetractorAlertNote, { where: { alertId, idempotencyKey } });
  }

  async addNote(manager: EntityManager, values: Omit<DetractorAlertNote, 'id'>): Promise<number> {
    const result = await manager.insert(DetractorAlertNote, values);
    return Number(result.identifiers[0].id);
  }

  findNote(manager: EntityManager, id: number) {
    return manager.findOne(DetractorAlertNote, { where: { id } });
  }

  notesOf(manager: EntityManager, alertIds: readonly number[]): Promise<DetractorAlertNote[]> {
    if (!alertIds.length) return Promise.resolve([]);
    return manager.find(DetractorAlertNote, { where: { alertId: In([...alertIds]) }, order: { id: 'ASC' } });
  }

  alertsOf(manager: EntityManager, memberId: number): Promise<DetractorAlert[]> {
    return manager.find(DetractorAlert, { where: { memberId }, order: { id: 'ASC' } });
  }

  async moveMember(manager: EntityManager, fromId: number, toId: number): Promise<void> {
    await manager.update(DetractorAlert, { memberId: fromId }, { memberId: toId });
  }

  /** Erasure: what agents wrote may name the person; the alert's state and score stay, anonymous. */
  async eraseTexts(manager: EntityManager, memberId: number): Promise<void> {
    const ids = (await this.alertsOf(manager, memberId)).map((a) => a.id);
    if (!ids.length) return;
    await manager
      .createQueryBuilder()
      .update(DetractorAlert)
      .set({ resolution: null })
      .where('id IN (:...ids) AND resolution IS NOT NULL', { ids })
      .execute();
    await manager.update(DetractorAlertNote, { alertId: In(ids) }, { body: '(erased)' });
  }
}
