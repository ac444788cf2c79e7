import type { EntityManager } from 'typeorm';
import { AuditEntry } from './audit-entry.entity';

export interface AuditCriteria {
  targetType?: string | null;
  targetId?: string | null;
  actorId?: string | null;
  action?: string | null;
}

export class AuditRepository {
  /** Newest first: the cursor is the last id seen, the next page holds smaller ids. */
  page(manager: EntityManager, criteria: AuditCriteria, beforeId: number | null, limit: number) {
    const query = manager.createQueryBuilder(AuditEntry, 'entry').orderBy('entry.id', 'DESC').limit(limit);
    if (criteria.targetType)
      query.andWhere('entry.targetType = :targetType', { targetType: criteria.targetType });
    if (criteria.targetId) query.andWhere('entry.targetId = :targetId', { targetId: criteria.targetId });
    if (criteria.actorId) query.andWhere('entry.actorId = :actorId', { actorId: criteria.actorId });
    if (criteria.action) query.andWhere('entry.action = :action', { action: criteria.action });
    if (beforeId !== null) query.andWhere('entry.id < :beforeId', { beforeId });
    return query.getMany();
  }
}
