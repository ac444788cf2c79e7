import type { Database } from '../../data/database';
import type { MemberDataRegistry } from '../privacy';
import { AuditEntry } from './audit-entry.entity';
import { AuditMemberDataParticipant } from './audit-member-data.participant';
import { AuditRepository } from './audit.repository';
import { AuditResolver } from './audit.resolver';
import { AuditService } from './audit.service';

export { AuditEntry, AuditService };
export const auditEntities = [AuditEntry];

export function createAuditModule(deps: { db: Database; memberData: MemberDataRegistry }) {
  deps.memberData.register(new AuditMemberDataParticipant());
  return { service: new AuditService(), resolvers: [new AuditResolver(deps.db, new AuditRepository())] };
}
