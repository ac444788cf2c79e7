import { Between, In, Like, type EntityManager } from 'typeorm';
import type { Logger } from '../src/common/logger';
import { createCore } from '../src/core';
import type { Database } from '../src/data/database';
import { SeedRun } from '../src/data/seed-run.entity';
import { EarningRule } from '../src/modules/earning';
import { ChannelIdentity, Member } from '../src/modules/members';
import { Reward } from '../src/modules/rewards';
import { Tier } from '../src/modules/tiers';
import { seedEarningRules } from './demo-earning-rules';
import { seedDemoOrders, type DemoMember, type DemoOrdersResult } from './demo-orders';
import { seedProducts } from './demo-products';
import { seedRewards } from './demo-rewards';
import { seedTiers } from './demo-tiers';
import { insertMembers, nextMemberId } from './member-batch-writer';
import { createRandom } from './random';
import { syntheticMember } from './synthetic-members';
import { clock } from '../src/common/clock';

export const DEMO_SEED = 'demo-v2';
export const DEMO_MEMBER_COUNT = 300;
const PREVIOUS_DEMO_SEED = 'demo-v1';
const DEMO_RANDOM_SEED = 20261122;
/**
 * About 1,750 orders for the 300 members (0 to 20 each): about 6.5 s on SQLite and 12.5 s on MariaDB
 * on a quiet 2-core machine. MariaDB pays per statement, and end-to-end specs boot with this seed.
 */
const DEMO_MEDIAN_ORDERS_PER_YEAR = 6;
/**
 * Marks the first stage (members, products, tiers, rules, rewards) as done. Its name carries the
 * first demo member id, and its time is the end of the order histories: a re-run after a crash in the
 * order stage regenerates exactly the same orders, which the idempotent services then skip.
 */
const BASE_PREFIX = `${DEMO_SEED}:base:`;

interface DemoBase {
  firstMemberId: number;
  at: Date;
}

/**
 * Demo data worth exploring: a few hundred members across channels, the product catalog, the tier
 * ladder, the earning rules, the points mall, and a year of orders with their points, tier upgrades,
 * referrals, refunds, reviews and surveys. Runs once per database (recorded in `seed_run`).
 *
 * Two stages. The first loads the members and the programme in one transaction. The second records
 * the orders through the services (each in its own transaction, as a live system would), with a core
 * of its own: this runs before the application builds its core, and services keep no state worth
 * sharing. `seed_run` gets its DEMO_SEED row only when both are done; a re-run after a crash finishes
 * the second stage without doubling anything. It expects nothing else to record orders meanwhile (it
 * runs before the server starts; `npm run seed` is for a database no server is using): it then counts
 * its orders into the recommendation model at once, without the job's settle delay.
 */
export async function seedDemoData(db: Database, logger: Logger): Promise<boolean> {
  const done = await db.manager.findOne(SeedRun, { where: { name: DEMO_SEED } });
  if (done) return false;
  logger.info(
    { seed: DEMO_SEED },
    'loading demo data (a few seconds: a year of orders goes through the services)',
  );
  const started = performance.now();
  let base = await findBase(db.manager);
  if (!base) {
    await seedBase(db);
    // Read back even on the first run: the histories end at exactly the time a re-run will read.
    base = (await findBase(db.manager))!;
  }
  const members = await loadDemoMembers(db.manager, base.firstMemberId);
  const baseMs = performance.now() - started;
  const core = createCore(db);
  const result: DemoOrdersResult = await seedDemoOrders(core, db, members, {
    seed: DEMO_RANDOM_SEED,
    until: base.at,
    medianOrdersPerYear: DEMO_MEDIAN_ORDERS_PER_YEAR,
  });
  // Every order above is committed and nothing else records orders (the server is not up yet), so
  // the seed counts them into the recommendation model itself: the job would first wait out the settle
  // delay on each of them, and run again only an hour later.
  const model = await core.services.recommendationModel.recomputeWithNoWriterInFlight(clock.now());
  await db.manager.insert(SeedRun, { name: DEMO_SEED, appliedAt: clock.now() });
  logger.info(
    {
      members: members.length,
      ...result,
      recommendationOrders: model.ordersCounted,
      baseMs: Math.round(baseMs),
      totalMs: Math.round(performance.now() - started),
    },
    'demo data loaded',
  );
  return true;
}

async function findBase(manager: EntityManager): Promise<DemoBase | null> {
  const row = await manager.findOne(SeedRun, { where: { name: Like(`${BASE_PREFIX}%`) } });
  return row ? { firstMemberId: Number(row.name.slice(BASE_PREFIX.length)), at: row.appliedAt } : null;
}

/**
 * Members, products, tiers, earning rules and rewards, in one transaction. A database with the
 * previous demo set keeps its members (loaded first thing on an empty database, so from the lowest
 * id on) and gets the rest. Tiers, rules and rewards load only into empty tables, products by SKU.
 */
async function seedBase(db: Database): Promise<void> {
  return db.transaction(async (manager) => {
    const now = clock.now();
    let firstMemberId: number;
    if (await manager.exists(SeedRun, { where: { name: PREVIOUS_DEMO_SEED } })) {
      const row = await manager
        .createQueryBuilder(Member, 'member')
        .select('MIN(member.id)', 'min')
        .getRawOne();
      firstMemberId = Number(row?.min ?? 1);
    } else {
      const random = createRandom(DEMO_RANDOM_SEED);
      firstMemberId = await nextMemberId(manager);
      const batch = Array.from({ length: DEMO_MEMBER_COUNT }, (_, i) =>
        syntheticMember(firstMemberId + i, random, now),
      );
      await insertMembers(manager, db.kind, batch);
    }
    await seedProducts(manager);
    if ((await manager.count(Tier)) === 0) await seedTiers(manager);
    if ((await manager.count(EarningRule)) === 0) await seedEarningRules(manager);
    if ((await manager.count(Reward)) === 0) await seedRewards(manager);
    await manager.insert(SeedRun, { name: `${BASE_PREFIX}${firstMemberId}`, appliedAt: now });
  });
}

async function loadDemoMembers(manager: EntityManager, firstId: number): Promise<DemoMember[]> {
  const members = await manager.find(Member, {
    where: { id: Between(firstId, firstId + DEMO_MEMBER_COUNT - 1) },
    order: { id: 'ASC' },
  });
  const identities = await manager.find(ChannelIdentity, {
    where: { memberId: In(members.map((member) => member.id)) },
    order: { id: 'ASC' },
  });
  return members.map((member) => ({
    id: member.id,
    status: member.status,
    joinedAt: member.joinedAt,
    closedAt: member.closedAt,
    region: member.region,
    // An identity without an external id (erased) cannot place orders.
    identities: identities.flatMap((identity) =>
      identity.memberId === member.id && identity.externalId !== null
        ? [{ channel: identity.channel, externalId: identity.externalId }]
        : [],
    ),
  }));
}
