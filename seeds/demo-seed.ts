import type { Logger } from '../src/common/logger';
import type { Database } from '../src/data/database';
import { SeedRun } from '../src/data/seed-run.entity';
import { insertMembers, nextMemberId } from './member-batch-writer';
import { createRandom } from './random';
import { syntheticMember } from './synthetic-members';

export const DEMO_SEED = 'demo-v1';
export const DEMO_MEMBER_COUNT = 300;

/**
 * Demo data worth exploring: a few hundred members across channels. Runs once per database: the seed
 * is recorded in `seed_run` in the same transaction as its rows, so a crash half-way loads nothing.
 */
export async function seedDemoData(db: Database, logger: Logger): Promise<boolean> {
  const done = await db.manager.findOne(SeedRun, { where: { name: DEMO_SEED } });
  if (done) return false;
  await db.transaction(async (manager) => {
    const random = createRandom(20261122);
    const now = new Date();
    const first = await nextMemberId(manager);
    const batch = Array.from({ length: DEMO_MEMBER_COUNT }, (_, i) =>
      syntheticMember(first + i, random, now),
    );
    await insertMembers(manager, db.kind, batch);
    await manager.insert(SeedRun, { name: DEMO_SEED, appliedAt: now });
  });
  logger.info({ members: DEMO_MEMBER_COUNT }, 'demo data loaded');
  return true;
}
