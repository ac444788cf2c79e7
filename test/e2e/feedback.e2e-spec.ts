import { ActivityEvent } from '../../src/modules/activity/activity-event.entity';
import { FeedbackResponse } from '../../src/modules/feedback/feedback-response.entity';
import { seedTiers } from '../../seeds/demo-tiers';
import { registerMember } from '../harness/members.fixtures';
import { createEarningRule, orderInput, recordOrder, upsertProducts } from '../harness/orders.fixtures';
import { balanceOf } from '../harness/points.fixtures';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';

const CREATE_SURVEY = `mutation ($input: CreateSurveyInput!) { createSurvey(input: $input) { id code asksNps asksCsat active } }`;
const SUBMIT = `mutation ($input: SubmitFeedbackInput!) { submitFeedback(input: $input) {
  alreadySubmitted detractorAlert
  response { id npsScore csatScore cesScore storeId channel tierCode orderId pointsAwarded source survey { code } member { id } } } }`;
const SUMMARY = `query ($input: FeedbackSummaryInput!) { feedbackSummary(input: $input) {
  key responses npsResponses promoters passives detractors nps csatResponses csat cesResponses ces } }`;
const INVITE = `mutation ($input: CreateSurveyInvitationInput!) { createSurveyInvitation(input: $input) {
  id token orderId memberId storeId channel respondedAt survey { code } } }`;

describe('feedback and surveys', () => {
  let env: TestEnvironment;
  let admin: string;
  let staff: string;
  let npsSurvey: string;
  let csatSurvey: string;

  async function submit(input: Record<string, unknown>, token?: string) {
    return env.gql<{ submitFeedback: any }>(SUBMIT, { input }, token ?? staff);
  }

  async function orderFor(memberId: string, overrides: Record<string, unknown> = {}): Promise<string> {
    const response = await recordOrder(env, orderInput(memberId, [['BEANS', 1, 1000]], overrides));
    if (!response.data?.recordOrder) throw new Error(JSON.stringify(response.errors));
    return response.data.recordOrder.id;
  }

  async function summary(input: Record<string, unknown>) {
    const response = await env.gql<{ feedbackSummary: any[] }>(
      SUMMARY,
      {
        input: {
          from: '2020-01-01T00:00:00Z',
          to: new Date(env.clock.now().getTime() + 86_400_000).toISOString(),
          ...input,
        },
      },
      staff,
    );
    expect(response.errors).toBeUndefined();
    return response.data!.feedbackSummary;
  }

  beforeAll(async () => {
    // Answers submitted "now" fall in November 2026, whatever day the suite runs.
    env = await createTestEnvironment({ now: '2026-11-20T10:00:00Z' });
    admin = await env.adminToken();
    staff = await env.staffToken();
    await env.app.db.transaction((manager) => seedTiers(manager));
    await upsertProducts(env, [{ sku: 'BEANS', category: 'coffee' }]);
    await createEarningRule(env, {
      name: 'Survey completed',
      kind: 'BEHAVIOUR',
      parameters: { behaviour: 'SURVEY_COMPLETED', points: 50 },
    });
    const nps = await env.gql<any>(
      CREATE_SURVEY,
      { input: { code: 'POST-PURCHASE', title: 'How did we do?', asksNps: true, asksSuggestion: true } },
      admin,
    );
    npsSurvey = nps.data.createSurvey.id;
    const csat = await env.gql<any>(
      CREATE_SURVEY,
      { input: { code: 'SERVICE', title: 'Service', asksCsat: true, asksCes: true } },
      admin,
    );
    csatSurvey = csat.data.createSurvey.id;
  }, 60_000);
  afterAll(() => env.stop());

  describe('aggregates match hand-computed figures', () => {
    const members: string[] = [];

    beforeAll(async () => {
      for (let i = 0; i < 7; i++) members.push((await registerMember(env)).id);
      // Two members are GOLD when they answer (the tier is a snapshot at submission).
      for (const id of [members[0], members[4]]) {
        const assigned = await env.gql(
          `mutation ($id: ID!) { assignTier(memberId: $id, tierCode: "GOLD", reason: "Fixture for tiers") { manual } }`,
          { id },
          staff,
        );
        expect(assigned.errors).toBeUndefined();
      }
      // Berlin store (POS): NPS 10, 9, 7, 3. Online (no store): NPS 6, 0, 9.
      const scores = [10, 9, 7, 3, 6, 0, 9];
      for (let i = 0; i < 7; i++) {
        const pos = i < 4;
        const orderId = await orderFor(
          members[i],
          pos ? { channel: 'pos', storeId: 'berlin-1' } : { channel: 'online-store' },
        );
        const response = await submit({ surveyId: npsSurvey, memberId: members[i], orderId, nps: scores[i] });
        expect(response.errors).toBeUndefined();
      }
      // The service survey: CSAT 5, 4, 2, 1 and CES 2, 3, 5, 6 from four members.
      const service: [number, number][] = [
        [5, 2],
        [4, 3],
        [2, 5],
        [1, 6],
      ];
      for (let i = 0; i < 4; i++) {
        const response = await submit({
          surveyId: csatSurvey,
          memberId: members[i],
          channel: 'app',
          csat: service[i][0],
          ces: service[i][1],
        });
        expect(response.errors).toBeUndefined();
      }
    }, 60_000);

    it('computes NPS, CSAT and CES over everything', async () => {
      // NPS: promoters 10, 9, 9 = 3; detractors 3, 6, 0 = 3; passives 7 = 1 → (3 − 3) / 7 = 0.
      // CSAT: 5 and 4 of 5, 4, 2, 1 → 50%. CES: (2 + 3 + 5 + 6) / 4 = 4.
      expect(await summary({ groupBy: 'NONE' })).toEqual([
        {
          key: null,
          responses: 11,
          npsResponses: 7,
          promoters: 3,
          passives: 1,
          detractors: 3,
          nps: 0,
          csatResponses: 4,
          csat: 50,
          cesResponses: 4,
          ces: 4,
        },
      ]);
    });

    it('groups by store and by channel', async () => {
      const byStore = await summary({ groupBy: 'STORE', surveyId: npsSurvey });
      // Berlin: 2 promoters, 1 passive, 1 detractor of 4 → 25. No store: 1 promoter, 2 detractors of 3 → −33.33.
      expect(byStore.map((row) => [row.key, row.npsResponses, row.nps])).toEqual(
        expect.arrayContaining([
          ['berlin-1', 4, 25],
          [null, 3, -33.33],
        ]),
      );
      expect(byStore).toHaveLength(2);
      const byChannel = await summary({ groupBy: 'CHANNEL' });
      expect(byChannel.map((row) => [row.key, row.responses, row.nps, row.csat])).toEqual([
        ['app', 4, null, 50],
        ['online-store', 3, -33.33, null],
        ['pos', 4, 25, null],
      ]);
    });

    it('groups by the tier the member had when answering', async () => {
      const byTier = await summary({ groupBy: 'TIER', surveyId: npsSurvey });
      // GOLD: members 0 (10) and 4 (6) → (1 − 1) / 2 = 0. REGULAR: 9, 7, 3, 0, 9 → (2 − 2) / 5 = 0, 1 passive.
      expect(
        byTier.map((row) => [row.key, row.npsResponses, row.promoters, row.passives, row.detractors]),
      ).toEqual([
        ['GOLD', 2, 1, 0, 1],
        ['REGULAR', 5, 2, 1, 2],
      ]);
    });

    it('groups by month and ISO week, narrowed to a store', async () => {
      const ids = (
        await env.app.db.manager.find(FeedbackResponse, {
          where: { storeId: 'berlin-1' },
          order: { id: 'ASC' },
        })
      ).map((row) => row.id);
      // Move two Berlin answers (10 and 9) into March 2026: Monday 2 and Sunday 8 share the week of the 2nd.
      await env.app.db.manager.update(
        FeedbackResponse,
        { id: ids[0] },
        { submittedAt: new Date('2026-03-02T08:00:00Z') },
      );
      await env.app.db.manager.update(
        FeedbackResponse,
        { id: ids[1] },
        { submittedAt: new Date('2026-03-08T22:30:00Z') },
      );
      const byMonth = await summary({ groupBy: 'MONTH', storeId: 'berlin-1', to: '2026-12-01T00:00:00Z' });
      expect(byMonth.map((row) => [row.key, row.npsResponses, row.nps])).toEqual([
        ['2026-03', 2, 100],
        ['2026-11', 2, -50], // 7 (passive) and 3 (detractor): (0 − 1) / 2
      ]);
      const byWeek = await summary({ groupBy: 'WEEK', storeId: 'berlin-1', to: '2026-04-01T00:00:00Z' });
      expect(byWeek.map((row) => [row.key, row.responses])).toEqual([['2026-03-02', 2]]);
      const byDay = await summary({ groupBy: 'DAY', storeId: 'berlin-1', to: '2026-04-01T00:00:00Z' });
      expect(byDay.map((row) => row.key)).toEqual(['2026-03-02', '2026-03-08']);
    });

    it('answers an empty period with zero counts and null scores', async () => {
      expect(
        await summary({ groupBy: 'NONE', from: '2021-01-01T00:00:00Z', to: '2021-02-01T00:00:00Z' }),
      ).toEqual([expect.objectContaining({ responses: 0, nps: null, csat: null, ces: null })]);
    });
  });

  describe('submitting', () => {
    it('earns points once per survey per member and snapshots the order it is about', async () => {
      const member = await registerMember(env);
      const token = await env.memberToken(member.id);
      const first = await orderFor(member.id, { channel: 'pos', storeId: 'hamburg-1' });
      const second = await orderFor(member.id);
      const answer = await submit(
        { surveyId: npsSurvey, orderId: first, nps: 9, suggestion: 'More oat milk' },
        token,
      );
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.submitFeedback).toEqual({
        alreadySubmitted: false,
        detractorAlert: false,
        response: {
          id: expect.any(String),
          npsScore: 9,
          csatScore: null,
          cesScore: null,
          storeId: 'hamburg-1',
          channel: 'pos',
          tierCode: 'REGULAR',
          orderId: first,
          pointsAwarded: 50,
          source: 'member',
          survey: { code: 'POST-PURCHASE' },
          member: { id: member.id },
        },
      });
      const again = await submit({ surveyId: npsSurvey, orderId: second, nps: 10 }, token);
      expect(again.data!.submitFeedback.response.pointsAwarded).toBe(0);
      const other = await submit({ surveyId: csatSurvey, csat: 5 }, token);
      expect(other.data!.submitFeedback.response.pointsAwarded).toBe(50);
      expect((await balanceOf(env, member.id)).available).toBe(100);
    });

    it('raises a detractor alert in the same transaction as the answer', async () => {
      const member = await registerMember(env);
      const answer = await submit({ surveyId: npsSurvey, memberId: member.id, nps: 4 });
      expect(answer.data!.submitFeedback.detractorAlert).toBe(true);
      const events = await env.app.db.manager.find(ActivityEvent, {
        where: { memberId: Number(member.id) },
        order: { id: 'ASC' },
      });
      expect(events.map((e) => e.type)).toEqual(
        expect.arrayContaining(['feedback.submitted', 'feedback.detractor-alert']),
      );
      const alert = events.find((e) => e.type === 'feedback.detractor-alert')!;
      expect(alert.payload).toMatchObject({ nps: 4, surveyCode: 'POST-PURCHASE' });
    });

    it('answers a redelivery with the same externalId with the first response and pays nothing more', async () => {
      const member = await registerMember(env);
      const input = { surveyId: npsSurvey, memberId: member.id, nps: 8, externalId: 'tf-resp-1' };
      const first = await submit(input);
      const second = await submit(input);
      expect(second.data!.submitFeedback).toMatchObject({
        alreadySubmitted: true,
        response: { id: first.data!.submitFeedback.response.id },
      });
      expect((await balanceOf(env, member.id)).available).toBe(50);
    });

    it('creates one invitation per survey and order and accepts its token once', async () => {
      const member = await registerMember(env);
      const orderId = await orderFor(member.id, { channel: 'pos', storeId: 'munich-1' });
      const invited = await env.gql<any>(INVITE, { input: { surveyId: npsSurvey, orderId } }, staff);
      expect(invited.data.createSurveyInvitation).toMatchObject({
        orderId,
        memberId: member.id,
        storeId: 'munich-1',
        channel: 'pos',
        respondedAt: null,
        survey: { code: 'POST-PURCHASE' },
      });
      const again = await env.gql<any>(INVITE, { input: { surveyId: npsSurvey, orderId } }, staff);
      expect(again.data.createSurveyInvitation.token).toBe(invited.data.createSurveyInvitation.token);

      const token = invited.data.createSurveyInvitation.token;
      const answer = await submit({ invitationToken: token, nps: 10 }, await env.memberToken(member.id));
      expect(answer.data!.submitFeedback.response).toMatchObject({ orderId, storeId: 'munich-1' });
      const lookup = await env.gql<any>(
        `query ($token: String!) { surveyInvitation(token: $token) { respondedAt } }`,
        { token },
        staff,
      );
      expect(lookup.data.surveyInvitation.respondedAt).not.toBeNull();
      const twice = await submit({ invitationToken: token, nps: 3 });
      expect(twice.errors?.[0].extensions?.code).toBe('CONFLICT');
    });
  });

  describe('bad input', () => {
    let member: string;
    let otherOrder: string;

    beforeAll(async () => {
      member = (await registerMember(env)).id;
      otherOrder = await orderFor((await registerMember(env)).id);
      await submit({ surveyId: npsSurvey, memberId: member, nps: 9 });
    });

    it.each([
      ['an NPS above 10', { nps: 11 }, 'BAD_USER_INPUT', 'nps'],
      ['a negative NPS', { nps: -1 }, 'BAD_USER_INPUT', 'nps'],
      ['a CSAT answer the survey does not ask', { csat: 3, orderId: 'self' }, 'BAD_USER_INPUT', 'csat'],
      ['no answer at all', { nps: undefined, orderId: 'self' }, 'BAD_USER_INPUT', 'nps'],
      ['an unknown survey', { surveyId: '99999' }, 'NOT_FOUND', undefined],
      ["another member's order", { orderId: 'other' }, 'BAD_USER_INPUT', 'orderId'],
      ['a second answer to the same survey', {}, 'CONFLICT', undefined],
    ])('refuses %s and records nothing', async (_label, overrides, code, field) => {
      const before = await env.app.db.manager.count(FeedbackResponse);
      const input: Record<string, unknown> = { surveyId: npsSurvey, memberId: member, nps: 5, ...overrides };
      if (input.orderId === 'other') input.orderId = otherOrder;
      if (input.orderId === 'self') input.orderId = await orderFor(member);
      const response = await submit(input);
      expect(response.errors?.[0].extensions?.code).toBe(code);
      if (field) {
        expect(
          (response.errors?.[0].extensions?.fields as { field: string }[]).map((f) => f.field),
        ).toContain(field);
      }
      expect(await env.app.db.manager.count(FeedbackResponse)).toBe(before);
    });

    it("refuses a member answering for someone else, and an invitation for another member's order", async () => {
      const token = await env.memberToken(member);
      const other = await registerMember(env);
      const forOther = await submit({ surveyId: csatSurvey, memberId: other.id, csat: 4 }, token);
      expect(forOther.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const invited = await env.gql<any>(
        INVITE,
        { input: { surveyId: npsSurvey, orderId: otherOrder } },
        staff,
      );
      const stolen = await submit(
        { invitationToken: invited.data.createSurveyInvitation.token, nps: 9 },
        token,
      );
      expect(stolen.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });

    it('refuses a survey without questions, a taken code, and survey changes by staff', async () => {
      const empty = await env.gql(CREATE_SURVEY, { input: { code: 'EMPTY', title: 'Nothing' } }, admin);
      expect(empty.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      const taken = await env.gql(
        CREATE_SURVEY,
        { input: { code: 'SERVICE', title: 'x', asksNps: true } },
        admin,
      );
      expect(taken.errors?.[0].extensions?.code).toBe('CONFLICT');
      const byStaff = await env.gql(
        CREATE_SURVEY,
        { input: { code: 'X', title: 'x', asksNps: true } },
        staff,
      );
      expect(byStaff.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });

    it('refuses answers to a closed survey', async () => {
      const created = await env.gql<any>(
        CREATE_SURVEY,
        { input: { code: 'CLOSED', title: 'x', asksNps: true } },
        admin,
      );
      const id = created.data.createSurvey.id;
      await env.gql(
        `mutation ($id: ID!) { updateSurvey(id: $id, input: { active: false }) { active } }`,
        { id },
        admin,
      );
      const response = await submit({ surveyId: id, memberId: member, nps: 9 });
      expect(response.errors?.[0].extensions?.code).toBe('CONFLICT');
    });
  });
});
