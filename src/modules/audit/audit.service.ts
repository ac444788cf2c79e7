import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../../common/request-context';
import { AuditEntry } from './audit-entry.entity';
import { clock } from '../../common/clock';

export interface AuditRecord {
  action: string;
  targetType: string;
  targetId: string | number;
  before?: unknown;
  after?: unknown;
}

/** Writes audit entries inside the caller's transaction (pass its manager), never on their own. */
export class AuditService {
  async record(ctx: RequestContext, manager: EntityManager, record: AuditRecord): Promise<void> {
    const principal = ctx.principal;
    await manager.insert(AuditEntry, {
      actorRole: principal?.role ?? 'anonymous',
      actorId: principal?.subject ?? 'anonymous',
      action: record.action,
      targetType: record.targetType,
      targetId: String(record.targetId),
      beforeJson: record.before === undefined ? null : JSON.stringify(record.before),
      afterJson: record.after === undefined ? null : JSON.stringify(record.after),
      requestId: ctx.requestId,
      createdAt: clock.now(),
    });
  }
}
