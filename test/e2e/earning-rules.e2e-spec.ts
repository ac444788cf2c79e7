import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';
import { registerMember } from '../harness/members.fixtures';
import { balanceOf } from '../harness/points.fixtures';
import { Behaviour } from '../../src/modules/earning/behaviour';
import type { EarningBasket } from '../../src/modules/earning/earning.types';
import { seedEarningRules } from '../../seeds/demo-earning-rules';

const RULE_FIELDS = `
  id name description kind behaviour priority stacking active startsAt endsAt version
  targeting { tierCodes channels storeIds }
  parameters {
    __typename
    ... on BaseRateParameters { pointsPerUnit unitAmountMinor }
    ... on SkuMultiplierParameters { multiplier skus }
    ... on CategoryFixedParameters { pointsPerItem categories }
    ... on OrderMultiplierParameters { multiplier daysOfWeek daysOfMonth minimumOrderTotalMinor timeZone }
    ... on OrderFixedParameters { points minimumOrderTotalMinor }
    ... on BehaviourParameters { behaviour points capPerDay capPerWeek capPerMonth timeZone }
  }
`;
const CREATE = `mutation ($input: CreateEarningRuleInput!) { createEarningRule(input: $input) { ${RULE_FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateEarningRuleInput!) { updateEarningRule(id: $id, input: $input) { ${RULE_FIELDS} } }`;
const DEACTIVATE = `mutation ($id: ID!) { deactivateEarningRule(id: $id) { ${RULE_FIELDS} } }`;
const GET = `query ($id: ID!) { earningRule(id: $id) { ${RULE_FIELDS} } }`;
const LIST = `query ($first: Int!, $after: String, $filter: EarningRuleFilter) {
  earningRules(first: $first, after: $after, filter: $filter) {
    totalCount edges { cursor node { ${RULE_FIELDS} } } pageInfo { hasNextPage endCursor }
  }
}`;
const AWARD = `mutation ($memberId: ID!, $behaviour: Behaviour!, $reference: String!, $channel: String, $storeId: String) {
  awardBehaviour(memberId: $memberId, behaviour: $behaviour, reference: $reference, channel: $channel, storeId: $storeId) {
    points ledgerEntryId capped alreadyAwarded
  }
}`;
const AUDIT = `query ($id: String!) { auditLog(filter: { targetType: "earning-rule", targetId: $id }) { edges { node { action } } } }`;

describe('earning rules through the API', () => {
  let env: TestEnvironment;
  let admin: string;
  let staff: string;

  beforeAll(async () => {
    env = await createTestEnvironment();
    admin = await env.adminToken();
    staff = await env.staffToken();
  });
  afterAll(() => env.stop());

  async function create(input: Record<string, unknown>) {
    const response = await env.gql<any>(CREATE, { input }, admin);
    if (!response.data?.createEarningRule) throw new Error(JSON.stringify(response.errors));
    return response.data.createEarningRule;
  }

  const ruleCount = async () =>
    (await env.gql<any>(LIST, { first: 1 }, admin)).data.earningRules.totalCount as number;

  const basket = (overrides: Partial<EarningBasket> = {}): EarningBasket => ({
    memberId: null,
    at: new Date(),
    channel: 'online-store',
    storeId: null,
    currency: 'EUR',
    lines: [
      {
        sku: 'MUG-1',
        productId: null,
        category: 'kitchen',
        quantity: 1,
        unitPriceMinor: 2000,
        lineTotalMinor: 2000,
      },
    ],
    totalMinor: 2000,
    tier: null,
    ...overrides,
  });
  const evaluate = (b: EarningBasket) =>
    env.app.db.transaction((manager) => env.app.core.services.earning.evaluateOrder(manager, b));

  describe('administration', () => {
    it('creates a rule at version 1 with typed parameters, and audits it', async () => {
      const rule = await create({
        name: 'Base rate',
        kind: 'BASE_RATE',
        parameters: { pointsPerUnit: 1 },
      });
      expect(rule).toMatchObject({
        name: 'Base rate',
        kind: 'BASE_RATE',
        priority: 0,
        stacking: 'COMBINABLE',
        active: true,
        version: 1,
        targeting: { tierCodes: [], channels: [], storeIds: [] },
        parameters: { __typename: 'BaseRateParameters', pointsPerUnit: 1, unitAmountMinor: 100 },
      });
      const audit = await env.gql<any>(AUDIT, { id: rule.id }, admin);
      expect(audit.data.auditLog.edges.map((e: any) => e.node.action)).toEqual(['earning-rule.create']);
      expect((await env.gql<any>(GET, { id: rule.id }, staff)).data.earningRule.version).toBe(1);
    });

    it('bumps the version on every change, keeps it on a change that changes nothing, and the engine uses the new version at once', async () => {
      const rule = await create({
        name: 'Mug bonus',
        kind: 'SKU_MULTIPLIER',
        priority: 5,
        parameters: { multiplier: 2, skus: ['MUG-1'] },
      });
      expect((await evaluate(basket())).explanation.rules).toContainEqual(
        expect.objectContaining({ ruleId: Number(rule.id), version: 1 }),
      );

      const updated = await env.gql<any>(
        UPDATE,
        {
          id: rule.id,
          input: { expectedVersion: 1, parameters: { multiplier: 3, skus: ['MUG-1', 'MUG-2'] } },
        },
        admin,
      );
      expect(updated.errors).toBeUndefined();
      expect(updated.data.updateEarningRule).toMatchObject({
        version: 2,
        priority: 5,
        parameters: { __typename: 'SkuMultiplierParameters', multiplier: 3, skus: ['MUG-1', 'MUG-2'] },
      });
      const result = await evaluate(basket());
      expect(result.points).toBe(60); // 20 × 3
      expect(result.explanation.rules).toContainEqual(
        expect.objectContaining({ ruleId: Number(rule.id), version: 2 }),
      );

      const same = await env.gql<any>(UPDATE, { id: rule.id, input: { priority: 5 } }, admin);
      expect(same.data.updateEarningRule.version).toBe(2);

      const renamed = await env.gql<any>(UPDATE, { id: rule.id, input: { name: 'Mugs ×3' } }, admin);
      expect(renamed.data.updateEarningRule).toMatchObject({ name: 'Mugs ×3', version: 3 });

      const audit = await env.gql<any>(AUDIT, { id: rule.id }, admin);
      expect(audit.data.auditLog.edges.map((e: any) => e.node.action).sort()).toEqual([
        'earning-rule.create',
        'earning-rule.update',
        'earning-rule.update',
      ]);
    });

    it('refuses an update made on a stale version with CONFLICT and changes nothing', async () => {
      const rule = await create({ name: 'Order bonus', kind: 'ORDER_FIXED', parameters: { points: 10 } });
      await env.gql(UPDATE, { id: rule.id, input: { priority: 1 } }, admin);
      const stale = await env.gql<any>(
        UPDATE,
        { id: rule.id, input: { expectedVersion: 1, parameters: { points: 99 } } },
        admin,
      );
      expect(stale.errors?.[0].extensions?.code).toBe('CONFLICT');
      const current = (await env.gql<any>(GET, { id: rule.id }, admin)).data.earningRule;
      expect(current).toMatchObject({ version: 2, parameters: { points: 10 } });
      await env.gql(DEACTIVATE, { id: rule.id }, admin);
    });

    it('deactivates a rule once (version bump), and a second time changes nothing', async () => {
      const rule = await create({
        name: 'Big order bonus',
        kind: 'ORDER_FIXED',
        parameters: { points: 500 },
      });
      expect((await evaluate(basket())).explanation.rules).toContainEqual(
        expect.objectContaining({ ruleId: Number(rule.id) }),
      );
      const first = await env.gql<any>(DEACTIVATE, { id: rule.id }, admin);
      expect(first.data.deactivateEarningRule).toMatchObject({ active: false, version: 2 });
      const second = await env.gql<any>(DEACTIVATE, { id: rule.id }, admin);
      expect(second.data.deactivateEarningRule).toMatchObject({ active: false, version: 2 });
      expect((await evaluate(basket())).explanation.rules).not.toContainEqual(
        expect.objectContaining({ ruleId: Number(rule.id) }),
      );
      const audit = await env.gql<any>(AUDIT, { id: rule.id }, admin);
      expect(audit.data.auditLog.edges.map((e: any) => e.node.action)).toContain('earning-rule.deactivate');
    });

    it('lists rules as a connection, filtered by kind, active and behaviour', async () => {
      await create({
        name: 'Survey for the list',
        kind: 'BEHAVIOUR',
        active: false,
        parameters: { behaviour: 'SOCIAL_SHARE', points: 5, capPerDay: 1 },
      });
      const behaviours = await env.gql<any>(
        LIST,
        { first: 10, filter: { behaviour: 'SOCIAL_SHARE' } },
        staff,
      );
      expect(behaviours.data.earningRules.edges.map((e: any) => e.node)).toEqual([
        expect.objectContaining({
          behaviour: 'SOCIAL_SHARE',
          active: false,
          parameters: {
            __typename: 'BehaviourParameters',
            behaviour: 'SOCIAL_SHARE',
            points: 5,
            capPerDay: 1,
            capPerWeek: null,
            capPerMonth: null,
            timeZone: 'UTC',
          },
        }),
      ]);
      const inactive = await env.gql<any>(LIST, { first: 50, filter: { active: false } }, staff);
      expect(inactive.data.earningRules.edges.every((e: any) => e.node.active === false)).toBe(true);
      const bases = await env.gql<any>(
        LIST,
        { first: 50, filter: { kind: 'BASE_RATE', active: true } },
        staff,
      );
      expect(bases.data.earningRules.edges.map((e: any) => e.node.name)).toEqual(['Base rate']);

      const page1 = await env.gql<any>(LIST, { first: 2 }, staff);
      expect(page1.data.earningRules.pageInfo.hasNextPage).toBe(true);
      const page2 = await env.gql<any>(
        LIST,
        { first: 2, after: page1.data.earningRules.pageInfo.endCursor },
        staff,
      );
      const ids = [...page1.data.earningRules.edges, ...page2.data.earningRules.edges].map((e: any) =>
        Number(e.node.id),
      );
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(new Set(ids).size).toBe(4);
    });

    it('lists 50 rules in as many statements as 2', async () => {
      const small = await env.countStatements(() => env.gql(LIST, { first: 2 }, staff));
      const large = await env.countStatements(() => env.gql(LIST, { first: 50 }, staff));
      expect(large.statements).toBe(small.statements);
      expect(large.statements).toBeLessThanOrEqual(2); // the page and its count
    });

    it('lets only admins change rules and only staff and admins read them', async () => {
      const member = await registerMember(env);
      const byStaff = await env.gql<any>(
        CREATE,
        { input: { name: 'x', kind: 'ORDER_FIXED', parameters: { points: 1 } } },
        staff,
      );
      expect(byStaff.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const byMember = await env.gql<any>(LIST, { first: 1 }, await env.memberToken(member.id));
      expect(byMember.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const anonymous = await env.gql<any>(LIST, { first: 1 });
      expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('answers NOT_FOUND for an unknown rule', async () => {
      const response = await env.gql<any>(GET, { id: '999999' }, admin);
      expect(response.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      const update = await env.gql<any>(UPDATE, { id: '999999', input: { priority: 1 } }, admin);
      expect(update.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    });

    const badInputs: [string, Record<string, unknown>, string][] = [
      [
        'a multiplier of 0',
        { kind: 'ORDER_MULTIPLIER', parameters: { multiplier: 0 } },
        'parameters.multiplier',
      ],
      [
        'a negative base rate',
        { kind: 'BASE_RATE', parameters: { pointsPerUnit: -1 } },
        'parameters.pointsPerUnit',
      ],
      ['zero fixed points', { kind: 'ORDER_FIXED', parameters: { points: 0 } }, 'parameters.points'],
      [
        'a cap of 0',
        { kind: 'BEHAVIOUR', parameters: { behaviour: 'REVIEW_WRITTEN', points: 5, capPerWeek: 0 } },
        'parameters.capPerWeek',
      ],
      [
        'a SKU multiplier without SKUs',
        { kind: 'SKU_MULTIPLIER', parameters: { multiplier: 2 } },
        'parameters.skus',
      ],
      [
        'a parameter of another kind',
        { kind: 'ORDER_FIXED', parameters: { points: 5, capPerDay: 1 } },
        'parameters.capPerDay',
      ],
      [
        'an unknown time zone',
        { kind: 'ORDER_MULTIPLIER', parameters: { multiplier: 2, daysOfMonth: [8], timeZone: 'Mars/Base' } },
        'parameters.timeZone',
      ],
      [
        'an end before the start',
        {
          kind: 'ORDER_FIXED',
          parameters: { points: 5 },
          startsAt: '2026-05-01T00:00:00.000Z',
          endsAt: '2026-04-01T00:00:00.000Z',
        },
        'endsAt',
      ],
      ['a blank name', { name: '  ', kind: 'ORDER_FIXED', parameters: { points: 5 } }, 'name'],
      [
        'a bad channel',
        { kind: 'ORDER_FIXED', parameters: { points: 5 }, targeting: { channels: ['POS!'] } },
        'targeting.channels',
      ],
    ];
    it.each(badInputs)(
      'refuses %s with BAD_USER_INPUT naming the field, and creates nothing',
      async (_, input, field) => {
        const before = await ruleCount();
        const response = await env.gql<any>(CREATE, { input: { name: 'Bad rule', ...input } }, admin);
        expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
        expect(
          (response.errors?.[0].extensions?.fields as { field: string }[]).map((f) => f.field),
        ).toContain(field);
        expect(await ruleCount()).toBe(before);
      },
    );

    it('refuses an update whose parameters do not fit the rule’s kind, and changes nothing', async () => {
      const rule = await create({
        name: 'Tuesday double',
        kind: 'ORDER_MULTIPLIER',
        active: false,
        parameters: { multiplier: 2, daysOfWeek: [2] },
      });
      const response = await env.gql<any>(
        UPDATE,
        { id: rule.id, input: { parameters: { points: 5 } } },
        admin,
      );
      expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(
        (response.errors?.[0].extensions?.fields as { field: string }[]).map((f) => f.field).sort(),
      ).toEqual(['parameters.multiplier', 'parameters.points']);
      const window = await env.gql<any>(
        UPDATE,
        { id: rule.id, input: { startsAt: '2026-05-01T00:00:00.000Z', endsAt: '2026-05-01T00:00:00.000Z' } },
        admin,
      );
      expect(window.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect((await env.gql<any>(GET, { id: rule.id }, admin)).data.earningRule).toMatchObject({
        version: 1,
        startsAt: null,
        parameters: { multiplier: 2, daysOfWeek: [2] },
      });
    });
  });

  describe('behaviour awards', () => {
    beforeAll(async () => {
      await create({
        name: 'Survey completed',
        kind: 'BEHAVIOUR',
        parameters: { behaviour: 'SURVEY_COMPLETED', points: 50, capPerDay: 1 },
      });
      await create({
        name: 'Green action in Berlin',
        kind: 'BEHAVIOUR',
        targeting: { channels: ['pos'], storeIds: ['berlin-1'] },
        parameters: { behaviour: 'GREEN_ACTION', points: 10 },
      });
      await create({
        name: 'Birthday',
        kind: 'BEHAVIOUR',
        parameters: { behaviour: 'BIRTHDAY', points: 200 },
      });
      await create({
        name: 'Birthday: Gold',
        kind: 'BEHAVIOUR',
        priority: 10,
        stacking: 'EXCLUSIVE',
        targeting: { tierCodes: ['GOLD', 'DIAMOND'] },
        parameters: { behaviour: 'BIRTHDAY', points: 500 },
      });
    });

    it('pays once per reference: a repeat returns the first award and pays nothing more', async () => {
      const member = await registerMember(env);
      const vars = { memberId: member.id, behaviour: 'SURVEY_COMPLETED', reference: 'survey:1' };
      const first = await env.gql<any>(AWARD, vars, staff);
      expect(first.errors).toBeUndefined();
      expect(first.data.awardBehaviour).toMatchObject({ points: 50, capped: false, alreadyAwarded: false });
      expect(first.data.awardBehaviour.ledgerEntryId).not.toBeNull();
      const again = await env.gql<any>(AWARD, vars, staff);
      expect(again.data.awardBehaviour).toEqual({ ...first.data.awardBehaviour, alreadyAwarded: true });
      expect((await balanceOf(env, member.id)).available).toBe(50);

      const [entry] = (await env.app.db.dataSource.query(
        'SELECT ruleId, sourceKind, explanationJson FROM ledger_entry WHERE id = ?',
        [Number(first.data.awardBehaviour.ledgerEntryId)],
      )) as { ruleId: number; sourceKind: string; explanationJson: string }[];
      expect(entry.sourceKind).toBe('BEHAVIOUR');
      expect(JSON.parse(entry.explanationJson).rules[0]).toMatchObject({
        name: 'Survey completed',
        version: 1,
        points: 50,
      });
    });

    it('gives capped = true and no points once the daily cap is reached', async () => {
      const member = await registerMember(env);
      const award = (reference: string) =>
        env.gql<any>(AWARD, { memberId: member.id, behaviour: 'SURVEY_COMPLETED', reference }, staff);
      expect((await award('survey:10')).data.awardBehaviour).toMatchObject({ points: 50, capped: false });
      const capped = await award('survey:11');
      expect(capped.data.awardBehaviour).toEqual({
        points: 0,
        ledgerEntryId: null,
        capped: true,
        alreadyAwarded: false,
      });
      expect((await balanceOf(env, member.id)).available).toBe(50);
      // The capped reference stays decided: asking again the same day or later never pays it.
      expect((await award('survey:11')).data.awardBehaviour).toMatchObject({
        points: 0,
        capped: true,
        alreadyAwarded: true,
      });
    });

    it('pays channel- and store-targeted rules only where they apply', async () => {
      const member = await registerMember(env);
      const award = (reference: string, channel: string | null, storeId: string | null) =>
        env.gql<any>(
          AWARD,
          { memberId: member.id, behaviour: 'GREEN_ACTION', reference, channel, storeId },
          staff,
        );
      expect((await award('bag:1', 'pos', 'berlin-1')).data.awardBehaviour.points).toBe(10);
      expect((await award('bag:2', 'pos', 'paris-1')).data.awardBehaviour.points).toBe(0);
      expect((await award('bag:3', 'online-store', 'berlin-1')).data.awardBehaviour.points).toBe(0);
      expect((await award('bag:4', null, null)).data.awardBehaviour).toEqual({
        points: 0,
        ledgerEntryId: null,
        capped: false,
        alreadyAwarded: false,
      });
      expect((await balanceOf(env, member.id)).available).toBe(10);
    });

    it('pays tier-targeted rules by the member’s tier', async () => {
      const gold = await registerMember(env);
      const regular = await registerMember(env);
      const award = (memberId: string, tierCode: string | null) =>
        env.app.db.transaction((manager) =>
          env.app.core.services.earning.awardBehaviour(
            { principal: { role: 'system', subject: 'system' }, requestId: 'test' },
            manager,
            {
              memberId: Number(memberId),
              behaviour: Behaviour.BIRTHDAY,
              reference: 'birthday:2026',
              tierCode,
            },
          ),
        );
      expect(await award(gold.id, 'GOLD')).toMatchObject({ points: 500, capped: false });
      expect(await award(regular.id, 'REGULAR')).toMatchObject({ points: 200, capped: false });
      expect((await balanceOf(env, gold.id)).available).toBe(500);
    });

    it('answers 0 points for a behaviour no rule rewards', async () => {
      const member = await registerMember(env);
      const response = await env.gql<any>(
        AWARD,
        { memberId: member.id, behaviour: 'CHARITY_PARTICIPATION', reference: 'charity:1' },
        staff,
      );
      expect(response.data.awardBehaviour).toEqual({
        points: 0,
        ledgerEntryId: null,
        capped: false,
        alreadyAwarded: false,
      });
    });

    it('lets only staff and admins award, never a member (not even to themselves)', async () => {
      const member = await registerMember(env);
      const response = await env.gql<any>(
        AWARD,
        { memberId: member.id, behaviour: 'SURVEY_COMPLETED', reference: 'survey:self' },
        await env.memberToken(member.id),
      );
      expect(response.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect((await balanceOf(env, member.id)).available).toBe(0);
    });

    it('refuses unknown members, closed members and blank references, and pays nothing', async () => {
      const unknown = await env.gql<any>(
        AWARD,
        { memberId: '999999', behaviour: 'SURVEY_COMPLETED', reference: 'survey:x' },
        staff,
      );
      expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');

      const member = await registerMember(env);
      const blank = await env.gql<any>(
        AWARD,
        { memberId: member.id, behaviour: 'SURVEY_COMPLETED', reference: '   ' },
        staff,
      );
      expect(blank.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

      await env.gql(
        `mutation ($id: ID!) { closeMembership(id: $id, input: { reason: OTHER }) { status } }`,
        { id: member.id },
        staff,
      );
      const closed = await env.gql<any>(
        AWARD,
        { memberId: member.id, behaviour: 'SURVEY_COMPLETED', reference: 'survey:closed' },
        staff,
      );
      expect(closed.errors?.[0].extensions?.code).toBe('CONFLICT');
      expect((await balanceOf(env, member.id)).available).toBe(0);
    });

    it('records the award in the audit log and the activity outbox', async () => {
      const member = await registerMember(env);
      await env.gql(
        AWARD,
        { memberId: member.id, behaviour: 'SURVEY_COMPLETED', reference: 'survey:audit' },
        staff,
      );
      const audit = await env.gql<any>(
        `query ($id: String!) { auditLog(filter: { targetType: "member", targetId: $id }) { edges { node { action } } } }`,
        { id: member.id },
        admin,
      );
      expect(audit.data.auditLog.edges.map((e: any) => e.node.action)).toContain('earning.behaviour.award');
      const events = (await env.app.db.dataSource.query(
        'SELECT type FROM activity_event WHERE memberId = ? ORDER BY id',
        [Number(member.id)],
      )) as { type: string }[];
      expect(events.map((e) => e.type)).toEqual(
        expect.arrayContaining(['points.earned', 'behaviour.rewarded']),
      );
    });

    it('moves awards to the survivor on merge and keeps a clashing reference under a suffix', async () => {
      const survivor = await registerMember(env);
      const duplicate = await registerMember(env);
      for (const id of [survivor.id, duplicate.id]) {
        await env.gql(
          AWARD,
          { memberId: id, behaviour: 'SURVEY_COMPLETED', reference: 'survey:merge' },
          staff,
        );
      }
      const merged = await env.gql<any>(
        `mutation ($s: ID!, $m: ID!) { mergeMembers(survivorId: $s, mergedId: $m) { survivor { id } } }`,
        { s: survivor.id, m: duplicate.id },
        staff,
      );
      expect(merged.errors).toBeUndefined();
      const exported = await env.gql<any>(
        `mutation ($id: ID!) { exportMemberData(id: $id) { data } }`,
        { id: survivor.id },
        admin,
      );
      const awards = exported.data.exportMemberData.data.behaviourAwards as {
        reference: string;
        points: number;
      }[];
      expect(awards.map((a) => a.reference).sort()).toEqual([
        'survey:merge',
        `survey:merge#merged-${duplicate.id}`,
      ]);
      const again = await env.gql<any>(
        AWARD,
        { memberId: survivor.id, behaviour: 'SURVEY_COMPLETED', reference: 'survey:merge' },
        staff,
      );
      expect(again.data.awardBehaviour.alreadyAwarded).toBe(true);
    });

    it('does not exceed a cap when awards of one member race each other', async () => {
      const member = await registerMember(env);
      const results = await Promise.all(
        [1, 2, 3, 4].map((n) =>
          env.gql<any>(
            AWARD,
            { memberId: member.id, behaviour: 'SURVEY_COMPLETED', reference: `survey:race-${n}` },
            staff,
          ),
        ),
      );
      expect(results.map((r) => r.errors)).toEqual([undefined, undefined, undefined, undefined]);
      const paid = results.filter((r) => r.data.awardBehaviour.points > 0);
      expect(paid).toHaveLength(1);
      expect((await balanceOf(env, member.id)).available).toBe(50);
    });
  });
});

describe('the demo earning rules', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await createTestEnvironment();
    await env.app.db.transaction((manager) => seedEarningRules(manager));
  });
  afterAll(() => env.stop());

  it('double points on the 8th, coffee bonus and sustainable items for a Gold member', async () => {
    const result = await env.app.db.transaction((manager) =>
      env.app.core.services.earning.evaluateOrder(manager, {
        memberId: null,
        at: new Date('2026-05-08T10:00:00Z'),
        channel: 'pos',
        storeId: 'berlin-1',
        currency: 'EUR',
        lines: [
          {
            sku: 'COFFEE-1',
            productId: null,
            category: 'coffee',
            quantity: 1,
            unitPriceMinor: 1250,
            lineTotalMinor: 1250,
          },
          {
            sku: 'BOTTLE-1',
            productId: null,
            category: 'eco/reusables',
            quantity: 2,
            unitPriceMinor: 1000,
            lineTotalMinor: 2000,
          },
        ],
        totalMinor: 3250,
        tier: { code: 'GOLD', name: 'Gold', earnMultiplier: 1.5 },
      }),
    );
    // coffee 12.5 × 2 = 25; bottles 20 + 2 × 20 = 60; × 2 member day × 1.5 Gold = 255
    expect(result.points).toBe(255);
    expect(result.explanation.rules.map((r) => r.name)).toEqual([
      'Base rate',
      'Coffee lovers',
      'Sustainable choice',
      'Member day',
      'Gold tier ×1.5',
    ]);
  });

  it('gives Gold members the higher birthday award instead of the standard one', async () => {
    const member = await registerMember(env);
    const award = (tierCode: string, reference: string) =>
      env.app.db.transaction((manager) =>
        env.app.core.services.earning.awardBehaviour({ principal: null, requestId: 'seed-test' }, manager, {
          memberId: Number(member.id),
          behaviour: Behaviour.BIRTHDAY,
          reference,
          tierCode,
        }),
      );
    expect((await award('GOLD', 'birthday:2026')).points).toBe(500);
    expect((await award('SILVER', 'birthday:2027')).points).toBe(200);
  });
});
