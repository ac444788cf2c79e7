import type { Database } from './data/database';
import { SeedRun } from './data/seed-run.entity';
import { activityEntities, createActivityModule } from './modules/activity';
import { auditEntities, createAuditModule } from './modules/audit';
import { createMembersModule, membersEntities } from './modules/members';
import { MemberDataRegistry } from './modules/privacy/member-data-participant';
import { coreMigrations } from '../migrations';

/** Every core table, for the DataSource (server, CLI and tests alike). */
export const coreEntities = [...membersEntities, ...auditEntities, ...activityEntities, SeedRun];
export { coreMigrations };

export type Core = ReturnType<typeof createCore>;

/**
 * The composition of the bounded contexts: each module gets the services it depends on and returns
 * its own services and resolvers. Later contexts (points, tiers, orders...) are added here.
 */
export function createCore(db: Database) {
  const memberData = new MemberDataRegistry();
  const activity = createActivityModule();
  const audit = createAuditModule({ db, memberData });
  const members = createMembersModule({ db, audit: audit.service, activity: activity.service, memberData });
  return {
    services: { members: members.service, audit: audit.service, activity: activity.service },
    resolvers: [...members.resolvers, ...audit.resolvers, ...activity.resolvers],
  };
}
