import type { EntityManager } from 'typeorm';
import type { MemberDataParticipant } from '../privacy';
import { AuditEntry } from './audit-entry.entity';

/**
 * The audit trail about a member is part of their data export. On erasure the entries stay (who did
 * what and when is what an audit is for) but their before/after snapshots, which hold personal data,
 * are replaced by a redaction marker. On merge they stay with the record they describe.
 */
export class AuditMemberDataParticipant implements MemberDataParticipant {
  readonly section = 'auditTrail';

  async exportFor(manager: EntityManager, memberId: number): Promise<unknown> {
    const entries = await manager.find(AuditEntry, {
      where: { targetType: 'member', targetId: String(memberId) },
      order: { id: 'ASC' },
    });
    return entries.map((entry) => ({
      action: entry.action,
      actorRole: entry.actorRole,
      at: entry.createdAt.toISOString(),
      before: entry.before,
      after: entry.after,
    }));
  }

  async erase(manager: EntityManager, memberId: number): Promise<void> {
    const redacted = JSON.stringify({ redacted: true });
    await manager
      .createQueryBuilder()
      .update(AuditEntry)
      .set({ beforeJson: redacted, afterJson: redacted })
      .where('targetType = :type AND targetId = :id AND (beforeJson IS NOT NULL OR afterJson IS NOT NULL)', {
        type: 'member',
        id: String(memberId),
      })
      .execute();
  }

  async merge(): Promise<void> {
    // Audit entries describe the record they were written about; they do not move.
  }
}
