import { SYSTEM_PRINCIPAL } from '../../src/auth/principal';
import { ActivityEvent } from '../../src/modules/activity/activity-event.entity';
import { AuditEntry } from '../../src/modules/audit/audit-entry.entity';
import { PointsSourceKind } from '../../src/modules/points/points.enums';
import { Tier } from '../../src/modules/tiers/tier.entity';
import { TierChange } from '../../src/modules/tiers/tier-change.entity';
import { seedTiers } from '../../seeds/demo-tiers';
import { registerMember } from '../harness/members.fixtures';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';

const DAY = 86_400_000;
const SYSTEM = { principal: SYSTEM_PRINCIPAL, requestId: 'tiers-e2e' };

const TIER_STATUS = `tier { tier { code } since reviewAt graceUntil manual manualReason }`;
const PROGRESS = `tierProgress {
  current { code } next { code }
  missingForNext { requirement met spendMinor orders points }
  neededToKeep { requirement met spendMinor orders points }
  keepBy figures { spendMinor orders points } windowStart asOf
}`;
const HISTORY = `tierHistory(first: 10) { edges { node { reason note changedBy from { code } to { code } figures { points } } } }`;

interface TierStatusView {
  tier: { code: string };
  since: string | null;
  reviewAt: string | null;
  graceUntil: string | null;
  manual: boolean;
  manualReason: string | null;
}

interface MemberTierView {
  tier: TierStatusView;
  tierProgress: {
    current: { code: string };
    next: { code: string } | null;
    missingForNext: {
      requirement: string;
      met: boolean;
      spendMinor: number | null;
      orders: number | null;
      points: number | null;
    } | null;
    neededToKeep: { met: boolean; points: number | null } | null;
    keepBy: string | null;
    figures: { spendMinor: number; orders: number; points: number };
    windowStart: string;
    asOf: string;
  };
  tierHistory: {
    edges: {
      node: {
        reason: string;
        note: string | null;
        changedBy: string | null;
        from: { code: string } | null;
        to: { code: string };
        figures: { points: number } | null;
      };
    }[];
  };
}

describe('tiers', () => {
  let env: TestEnvironment;
  let admin: string;
  let staff: string;

  beforeAll(async () => {
    env = await createTestEnvironment({ seedDemoData: true });
    admin = await env.adminToken();
    staff = await env.staffToken();
    // The demo seed may or may not load the ladder yet: load it once for these tests.
    if ((await env.app.db.manager.count(Tier)) === 0) await env.app.db.transaction((m) => seedTiers(m));
  }, 120_000);
  afterAll(() => env.stop());

  const tiers = () => env.app.core.services.tiers;
  const job = () => env.app.core.jobs.find((j) => j.name === 'tiers-review')!;

  async function readTier(memberId: string, token = staff): Promise<MemberTierView> {
    const response = await env.gql<{ member: MemberTierView }>(
      `query ($id: ID!) { member(id: $id) { ${TIER_STATUS} ${PROGRESS} ${HISTORY} } }`,
      { id: memberId },
      token,
    );
    if (!response.data?.member) throw new Error(JSON.stringify(response.errors));
    return response.data.member;
  }

  /** Qualifying points earned on an order, then the upgrade check the orders context runs after it. */
  async function earnOnOrder(memberId: string, points: number, at = new Date()) {
    await env.app.db.transaction(async (manager) => {
      await env.app.core.services.ledger.earn(manager, {
        memberId: Number(memberId),
        points,
        source: {
          kind: PointsSourceKind.ORDER,
          channel: 'online-store',
          reference: `test-order:${memberId}`,
        },
        reason: 'test order',
        at,
      });
      await tiers().evaluateUpgrade(SYSTEM, manager, Number(memberId), at);
    });
  }

  const counts = async () => ({
    tiers: await env.app.db.manager.count(Tier),
    audit: await env.app.db.manager.count(AuditEntry),
    changes: await env.app.db.manager.count(TierChange),
  });

  describe('the ladder', () => {
    it('is listed lowest rank first for any signed-in caller, with exact multipliers', async () => {
      const member = await registerMember(env);
      const response = await env.gql<{
        tiers: {
          code: string;
          rank: number;
          paid: boolean;
          benefits: { earnMultiplier: number };
          thresholds: { requirement: string };
        }[];
      }>(
        `{ tiers { code rank paid benefits { earnMultiplier freeShipping } thresholds { requirement minimumSpendMinor minimumOrders } } }`,
        {},
        await env.memberToken(member.id),
      );
      const ladder = response.data!.tiers;
      expect(ladder.map((t) => t.code)).toEqual(['REGULAR', 'SILVER', 'GOLD', 'DIAMOND', 'PLUS']);
      expect(ladder.map((t) => t.benefits.earnMultiplier)).toEqual([1, 1.25, 1.5, 2, 2]);
      expect(ladder.find((t) => t.code === 'DIAMOND')!.thresholds.requirement).toBe('ALL');
      expect(ladder.find((t) => t.code === 'PLUS')!.paid).toBe(true);
    });

    it('refuses anonymous callers', async () => {
      const response = await env.gql(`{ tiers { code } }`);
      expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    });

    const CREATE = `mutation ($input: CreateTierInput!) { createTier(input: $input) {
      code name rank benefits { earnMultiplier exclusiveRewards } thresholds { requirement minimumSpendMinor minimumOrders }
    } }`;
    const valid = {
      code: 'PLATINUM',
      name: 'Platinum',
      rank: 10,
      minimumSpendMinor: 1_000_000,
      earnMultiplier: 1.75,
    };

    it.each([
      ['a duplicate code', { ...valid, code: 'GOLD' }, 'CONFLICT'],
      ['a duplicate rank', { ...valid, rank: 2 }, 'CONFLICT'],
      ['a negative spend threshold', { ...valid, minimumSpendMinor: -1 }, 'BAD_USER_INPUT'],
      ['a negative order threshold', { ...valid, minimumOrders: -5 }, 'BAD_USER_INPUT'],
      ['a zero multiplier', { ...valid, earnMultiplier: 0 }, 'BAD_USER_INPUT'],
      ['a negative multiplier', { ...valid, earnMultiplier: -1.5 }, 'BAD_USER_INPUT'],
      ['a multiplier with four decimals', { ...valid, earnMultiplier: 1.2345 }, 'BAD_USER_INPUT'],
      ['a lower-case code', { ...valid, code: 'platinum' }, 'BAD_USER_INPUT'],
      ['a tier above entry with no threshold', { ...valid, minimumSpendMinor: null }, 'BAD_USER_INPUT'],
      ['a paid tier with thresholds', { ...valid, paid: true }, 'BAD_USER_INPUT'],
      [
        'a fee without its currency',
        { ...valid, minimumSpendMinor: null, paid: true, annualFeeMinor: 500 },
        'BAD_USER_INPUT',
      ],
    ])('refuses %s and changes nothing', async (_label, input, code) => {
      const before = await counts();
      const response = await env.gql(CREATE, { input }, admin);
      expect(response.errors?.[0].extensions?.code).toBe(code);
      expect(await counts()).toEqual(before);
    });

    it('names the field of a taken code or rank', async () => {
      const code = await env.gql(CREATE, { input: { ...valid, code: 'GOLD' } }, admin);
      expect(code.errors?.[0].extensions?.field).toBe('code');
      const rank = await env.gql(CREATE, { input: { ...valid, rank: 1 } }, admin);
      expect(rank.errors?.[0].extensions?.field).toBe('rank');
    });

    it('lets only admins change the ladder', async () => {
      const response = await env.gql(CREATE, { input: valid }, staff);
      expect(response.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });

    it('creates a tier and audits it', async () => {
      const response = await env.gql<{ createTier: Record<string, unknown> }>(
        CREATE,
        { input: valid },
        admin,
      );
      expect(response.data?.createTier).toEqual({
        code: 'PLATINUM',
        name: 'Platinum',
        rank: 10,
        benefits: { earnMultiplier: 1.75, exclusiveRewards: false },
        thresholds: { requirement: 'ANY', minimumSpendMinor: 1_000_000, minimumOrders: null },
      });
      const audit = await env.app.db.manager.findOneBy(AuditEntry, {
        action: 'tier.create',
        targetId: 'PLATINUM',
      });
      expect(JSON.parse(audit!.afterJson!)).toMatchObject({ earnMultiplierPermille: 1750 });
    });

    const UPDATE = `mutation ($code: String!, $input: UpdateTierInput!) { updateTier(code: $code, input: $input) {
      code rank thresholds { minimumSpendMinor minimumOrders minimumPoints } benefits { earnMultiplier }
    } }`;

    it('updates a tier: qualifying points become a third way into Silver', async () => {
      const response = await env.gql<{ updateTier: Record<string, unknown> }>(
        UPDATE,
        { code: 'SILVER', input: { minimumPoints: 1000 } },
        admin,
      );
      expect(response.data?.updateTier).toEqual({
        code: 'SILVER',
        rank: 1,
        thresholds: { minimumSpendMinor: 50_000, minimumOrders: 5, minimumPoints: 1000 },
        benefits: { earnMultiplier: 1.25 },
      });
      expect(
        await env.app.db.manager.countBy(AuditEntry, { action: 'tier.update', targetId: 'SILVER' }),
      ).toBe(1);
    });

    it.each([
      ['an unknown tier', 'NOPE', { name: 'Nope' }, 'NOT_FOUND'],
      ['a rank another tier holds', 'PLATINUM', { rank: 3 }, 'CONFLICT'],
      ['moving the entry tier off rank 0', 'REGULAR', { rank: 7 }, 'BAD_USER_INPUT'],
      ['a null name', 'GOLD', { name: null }, 'BAD_USER_INPUT'],
      ['removing the last threshold of a tier', 'PLATINUM', { minimumSpendMinor: null }, 'BAD_USER_INPUT'],
      ['a zero multiplier', 'GOLD', { earnMultiplier: 0 }, 'BAD_USER_INPUT'],
    ])('refuses an update with %s and changes nothing', async (_label, code, input, errorCode) => {
      const before = await counts();
      const response = await env.gql(UPDATE, { code, input }, admin);
      expect(response.errors?.[0].extensions?.code).toBe(errorCode);
      expect(await counts()).toEqual(before);
    });

    it('validates and audits the programme settings', async () => {
      const SETTINGS = `mutation ($input: UpdateTierSettingsInput!) { updateTierSettings(input: $input) {
        windowMonths reviewCadenceMonths graceDays } }`;
      for (const input of [{ graceDays: -1 }, { windowMonths: 0 }, { reviewCadenceMonths: 37 }]) {
        const bad = await env.gql(SETTINGS, { input }, admin);
        expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      }
      const defaults = await env.gql<{ tierSettings: unknown }>(
        `{ tierSettings { windowMonths reviewCadenceMonths graceDays } }`,
        {},
        staff,
      );
      expect(defaults.data?.tierSettings).toEqual({
        windowMonths: 12,
        reviewCadenceMonths: 12,
        graceDays: 30,
      });
      const saved = await env.gql(SETTINGS, { input: { graceDays: 30 } }, admin);
      expect(saved.data?.updateTierSettings).toEqual({
        windowMonths: 12,
        reviewCadenceMonths: 12,
        graceDays: 30,
      });
      expect(await env.app.db.manager.countBy(AuditEntry, { action: 'tier.settings' })).toBe(1);
    });
  });

  describe('qualification and progress', () => {
    it('shows a new member on the entry tier with what Silver still needs', async () => {
      const member = await registerMember(env);
      await earnOnOrder(member.id, 600);
      const view = await readTier(member.id, await env.memberToken(member.id));
      expect(view.tier).toMatchObject({
        tier: { code: 'REGULAR' },
        since: null,
        reviewAt: null,
        manual: false,
      });
      expect(view.tierProgress).toMatchObject({
        current: { code: 'REGULAR' },
        next: { code: 'SILVER' },
        missingForNext: { requirement: 'ANY', met: false, spendMinor: 50_000, orders: 5, points: 400 },
        neededToKeep: null,
        keepBy: null,
        figures: { spendMinor: 0, orders: 0, points: 600 },
      });
      const windowStart = new Date(view.tierProgress.windowStart);
      const asOf = new Date(view.tierProgress.asOf);
      expect(asOf.getTime() - windowStart.getTime()).toBeGreaterThan(364 * DAY);
    });

    it('upgrades as soon as the threshold is met, with history and a tier.changed event', async () => {
      const member = await registerMember(env);
      await earnOnOrder(member.id, 999);
      expect((await readTier(member.id)).tier.tier.code).toBe('REGULAR');
      await earnOnOrder(member.id, 1);
      const view = await readTier(member.id);
      expect(view.tier.tier.code).toBe('SILVER');
      const reviewAt = new Date(view.tier.reviewAt!);
      expect(reviewAt.getTime() - new Date(view.tier.since!).getTime()).toBeGreaterThan(364 * DAY);
      expect(view.tierProgress).toMatchObject({
        current: { code: 'SILVER' },
        next: { code: 'GOLD' },
        neededToKeep: { met: true, points: 0 },
        keepBy: view.tier.reviewAt,
      });
      expect(view.tierHistory.edges.map((e) => e.node)).toEqual([
        {
          reason: 'UPGRADE',
          note: null,
          changedBy: null,
          from: null,
          to: { code: 'SILVER' },
          figures: { points: 1000 },
        },
      ]);
      const event = await env.app.db.manager.findOneBy(ActivityEvent, {
        type: 'tier.changed',
        memberId: Number(member.id),
      });
      expect(JSON.parse(event!.payloadJson)).toMatchObject({
        reason: 'UPGRADE',
        from: { code: 'REGULAR' },
        to: { code: 'SILVER' },
        figures: { points: 1000 },
      });
      expect(await tiers().tierOf(env.app.db.manager, Number(member.id))).toMatchObject({
        code: 'SILVER',
        rank: 1,
        earnMultiplier: 1.25,
      });
      expect(await tiers().rankOfCode(env.app.db.manager, 'DIAMOND')).toBe(3);
      expect(await tiers().rankOfCode(env.app.db.manager, 'NOPE')).toBeNull();
    });

    it('lets a member read only their own tier', async () => {
      const [own, other] = await Promise.all([registerMember(env), registerMember(env)]);
      const response = await env.gql(
        `query ($id: ID!) { member(id: $id) { tier { tier { code } } } }`,
        { id: other.id },
        await env.memberToken(own.id),
      );
      expect(response.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });
  });

  describe('manual assignment', () => {
    const ASSIGN = `mutation ($memberId: ID!, $tierCode: String!, $reason: String!) {
      assignTier(memberId: $memberId, tierCode: $tierCode, reason: $reason) { tier { code } manual manualReason reviewAt } }`;
    const RELEASE = `mutation ($memberId: ID!) { releaseTierAssignment(memberId: $memberId) { tier { code } manual reviewAt } }`;

    it.each([
      ['a blank reason', { tierCode: 'PLUS', reason: '   ' }, 'BAD_USER_INPUT'],
      ['an unknown tier', { tierCode: 'NOPE', reason: 'Goodwill after a complaint' }, 'NOT_FOUND'],
      [
        'an unknown member',
        { memberId: '999999', tierCode: 'GOLD', reason: 'Goodwill after a complaint' },
        'NOT_FOUND',
      ],
      [
        'a bad member id',
        { memberId: 'abc', tierCode: 'GOLD', reason: 'Goodwill after a complaint' },
        'BAD_USER_INPUT',
      ],
    ])('refuses %s and changes nothing', async (_label, variables, code) => {
      const member = await registerMember(env);
      const before = await counts();
      const response = await env.gql(ASSIGN, { memberId: member.id, ...variables }, staff);
      expect(response.errors?.[0].extensions?.code).toBe(code);
      expect(await counts()).toEqual(before);
    });

    it('is for staff, not members', async () => {
      const member = await registerMember(env);
      const response = await env.gql(
        ASSIGN,
        { memberId: member.id, tierCode: 'DIAMOND', reason: 'I deserve it' },
        await env.memberToken(member.id),
      );
      expect(response.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });

    it('assigns a paid tier with a reason, locks it, and release hands the member back to the rules', async () => {
      const member = await registerMember(env);
      const assigned = await env.gql(
        ASSIGN,
        { memberId: member.id, tierCode: 'PLUS', reason: 'Bought PLUS in store' },
        staff,
      );
      expect(assigned.data?.assignTier).toEqual({
        tier: { code: 'PLUS' },
        manual: true,
        manualReason: 'Bought PLUS in store',
        reviewAt: null,
      });
      // Locked: an order that would qualify for Silver changes nothing, and no review is due.
      await earnOnOrder(member.id, 1200);
      expect((await readTier(member.id)).tier).toMatchObject({ tier: { code: 'PLUS' }, manual: true });
      expect((await readTier(member.id)).tierProgress.neededToKeep).toBeNull();
      expect(
        await env.app.db.manager.countBy(AuditEntry, { action: 'tier.assign', targetId: member.id }),
      ).toBe(1);

      const released = await env.gql<{ releaseTierAssignment: { tier: { code: string }; manual: boolean } }>(
        RELEASE,
        { memberId: member.id },
        staff,
      );
      expect(released.data?.releaseTierAssignment).toMatchObject({ tier: { code: 'SILVER' }, manual: false });
      const history = (await readTier(member.id)).tierHistory.edges.map((e) => e.node);
      expect(history.map((h) => [h.reason, h.from?.code ?? null, h.to.code])).toEqual([
        ['RELEASED', 'PLUS', 'SILVER'],
        ['MANUAL', null, 'PLUS'],
      ]);
      expect(history[1]).toMatchObject({ note: 'Bought PLUS in store', changedBy: 'staff-1' });
      expect(
        await env.app.db.manager.countBy(AuditEntry, { action: 'tier.release', targetId: member.id }),
      ).toBe(1);

      const again = await env.gql(RELEASE, { memberId: member.id }, staff);
      expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
    });
  });

  describe('periodic review', () => {
    it('keeps the tier through the grace period and downgrades when it ends; running twice changes nothing', async () => {
      const member = await registerMember(env);
      await earnOnOrder(member.id, 1000);
      const start = await readTier(member.id);
      expect(start.tier.tier.code).toBe('SILVER');
      const reviewAt = new Date(start.tier.reviewAt!);

      // Before the review date nothing is due for this member.
      await job().run(new Date(reviewAt.getTime() - DAY));
      expect((await readTier(member.id)).tier).toMatchObject({ tier: { code: 'SILVER' }, graceUntil: null });

      // At the review the points have left the 12-month window: grace starts, the tier is kept.
      const atReview = new Date(reviewAt.getTime() + DAY);
      const first = await job().run(atReview);
      expect(first.graceStarted).toBeGreaterThanOrEqual(1);
      const inGrace = (await readTier(member.id)).tier;
      expect(inGrace.tier.code).toBe('SILVER');
      expect(new Date(inGrace.graceUntil!).getTime()).toBe(reviewAt.getTime() + 30 * DAY);
      expect(await job().run(atReview)).toMatchObject({ reviewed: 0, graceStarted: 0, downgraded: 0 });

      // Grace over and still below Silver: down to the entry tier, once.
      const afterGrace = new Date(reviewAt.getTime() + 31 * DAY);
      const second = await job().run(afterGrace);
      expect(second.downgraded).toBeGreaterThanOrEqual(1);
      const after = await readTier(member.id);
      expect(after.tier).toMatchObject({
        tier: { code: 'REGULAR' },
        graceUntil: null,
        reviewAt: null,
        manual: false,
      });
      expect(after.tierHistory.edges.map((e) => e.node.reason)).toEqual([
        'DOWNGRADE',
        'GRACE_STARTED',
        'UPGRADE',
      ]);
      expect(await job().run(afterGrace)).toMatchObject({ reviewed: 0, downgraded: 0 });
    });

    it('keeps a member whose figures still qualify at the review, on their own schedule', async () => {
      const member = await registerMember(env);
      await earnOnOrder(member.id, 1000);
      const reviewAt = new Date((await readTier(member.id)).tier.reviewAt!);
      // Earned shortly before the review: inside the window that ends at the review.
      await earnOnOrder(member.id, 1000, new Date(reviewAt.getTime() - 10 * DAY));
      await job().run(new Date(reviewAt.getTime() + DAY));
      const view = await readTier(member.id);
      expect(view.tier).toMatchObject({ tier: { code: 'SILVER' }, graceUntil: null });
      expect(new Date(view.tier.reviewAt!).getTime()).toBeGreaterThan(reviewAt.getTime() + 364 * DAY);
      expect(view.tierHistory.edges[0].node.reason).toBe('KEPT');
    });
  });

  describe('privacy', () => {
    it('exports the tier and its history', async () => {
      const member = await registerMember(env);
      await earnOnOrder(member.id, 1000);
      const response = await env.gql<{ exportMemberData: { data: { tiers: unknown } } }>(
        `mutation ($id: ID!) { exportMemberData(id: $id) { data } }`,
        { id: member.id },
        staff,
      );
      expect(response.data?.exportMemberData.data.tiers).toMatchObject({
        current: { tier: { code: 'SILVER' }, manual: false },
        history: [{ reason: 'UPGRADE', from: null, to: { code: 'SILVER' } }],
      });
    });

    it('gives the survivor of a merge the higher of the two tiers and the whole history', async () => {
      const [survivor, duplicate] = await Promise.all([registerMember(env), registerMember(env)]);
      await earnOnOrder(duplicate.id, 1000);
      const merged = await env.gql(
        `mutation ($s: ID!, $m: ID!) { mergeMembers(survivorId: $s, mergedId: $m) { alreadyMerged } }`,
        { s: survivor.id, m: duplicate.id },
        staff,
      );
      expect(merged.errors).toBeUndefined();
      const view = await readTier(survivor.id);
      expect(view.tier.tier.code).toBe('SILVER');
      expect(view.tierHistory.edges.map((e) => e.node.reason)).toEqual(['MERGED', 'UPGRADE']);
    });
  });

  describe('statements', () => {
    it('lists 100 members with tier, progress and history in the same statements as 5 members', async () => {
      const LIST = `query ($first: Int!) { members(first: $first) { edges { node {
        id tier { tier { code } since reviewAt manual }
        tierProgress { current { code } next { code } missingForNext { met spendMinor orders points } figures { points } }
      } } } }`;
      const HISTORIES = `query ($first: Int!) { members(first: $first) { edges { node {
        id tierHistory(first: 3) { edges { node { reason from { code } to { code } } } }
      } } } }`;
      const page = await env.gql<{ members: { edges: { node: { id: string } }[] } }>(
        `{ members(first: 100) { edges { node { id } } } }`,
        {},
        staff,
      );
      const ids = page.data!.members.edges.map((edge) => Number(edge.node.id));
      const staffCtx = { principal: { role: 'staff' as const, subject: 'staff-1' }, requestId: 'tiers-e2e' };
      for (const id of [ids[1], ids[3], ids[60], ids[99]])
        await tiers().assign(staffCtx, id, 'GOLD', 'Demo data');
      const small = await env.countStatements(() => env.gql(LIST, { first: 5 }, staff));
      const large = await env.countStatements(() => env.gql(LIST, { first: 100 }, staff));
      expect(large.result.errors).toBeUndefined();
      const edges = (large.result.data as { members: { edges: { node: MemberTierView }[] } }).members.edges;
      expect(edges).toHaveLength(100);
      expect(edges.every((edge) => edge.node.tier.tier.code && edge.node.tierProgress.current.code)).toBe(
        true,
      );
      expect(large.statements).toBe(small.statements);

      const fewHistories = await env.countStatements(() => env.gql(HISTORIES, { first: 5 }, staff));
      const manyHistories = await env.countStatements(() => env.gql(HISTORIES, { first: 30 }, staff));
      expect(manyHistories.result.errors).toBeUndefined();
      expect(manyHistories.statements).toBe(fewHistories.statements);
    });
  });
});
