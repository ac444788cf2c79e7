import { collect, ACTIVITY_FIELDS } from '../harness/activity.fixtures';
import { registerMember } from '../harness/members.fixtures';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';

const ALERT_FIELDS = `id status npsScore claimedBy claimedByRole claimedAt resolvedAt resolution raisedAt
  member { id } response { id npsScore suggestion submittedAt } notes { author authorRole body createdAt }`;
const LIST = `query ($filter: DetractorAlertFilter, $first: Int, $after: String) {
  detractorAlerts(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { ${ALERT_FIELDS} } } } }`;
const CLAIM = `mutation ($id: ID!) { claimDetractorAlert(id: $id) { ${ALERT_FIELDS} } }`;
const RELEASE = `mutation ($id: ID!) { releaseDetractorAlert(id: $id) { ${ALERT_FIELDS} } }`;
const NOTE = `mutation ($input: AddDetractorAlertNoteInput!) { addDetractorAlertNote(input: $input) { ${ALERT_FIELDS} } }`;
const RESOLVE = `mutation ($input: ResolveDetractorAlertInput!) { resolveDetractorAlert(input: $input) { ${ALERT_FIELDS} } }`;
const AUDIT = `query ($filter: AuditFilter) { auditLog(first: 20, filter: $filter) { edges { node { action actorId targetType targetId } } } }`;

/**
 * The detractor loop the support console works: every NPS 0-6 answer raises an alert in a queue
 * stored server-side; one agent claims it, notes what was done and resolves it; each step is audited
 * and streamed on the activity feed, so two agents never work the same alert.
 */
describe('detractor alert queue', () => {
  let env: TestEnvironment;
  let sam: string;
  let kim: string;
  let lead: string;
  let surveyId: string;

  async function detractorAnswer(nps = 3): Promise<{ memberId: string; alertId: string }> {
    const member = await registerMember(env);
    const answer = await env.gql<any>(
      `mutation ($input: SubmitFeedbackInput!) { submitFeedback(input: $input) { detractorAlert response { id } } }`,
      { input: { surveyId, memberId: member.id, nps, suggestion: 'Delivery was late' } },
      sam,
    );
    expect(answer.errors).toBeUndefined();
    const list = await env.gql<any>(LIST, { filter: { memberId: member.id } }, sam);
    return { memberId: member.id, alertId: list.data.detractorAlerts.edges[0].node.id };
  }

  beforeAll(async () => {
    env = await createTestEnvironment({ now: '2026-11-20T10:00:00Z' });
    sam = await env.token('staff', 'sam');
    kim = await env.token('staff', 'kim');
    lead = await env.token('admin', 'lead');
    const survey = await env.gql<any>(
      `mutation { createSurvey(input: { code: "NPS-Q", title: "Would you recommend us?", asksNps: true, asksSuggestion: true }) { id } }`,
      {},
      lead,
    );
    surveyId = survey.data.createSurvey.id;
  });
  afterAll(() => env.stop());

  it('puts every detractor answer in the queue as an open alert with its member and answer, and no other answer', async () => {
    const { memberId } = await detractorAnswer(2);
    const promoter = await registerMember(env);
    await env.gql(
      `mutation ($input: SubmitFeedbackInput!) { submitFeedback(input: $input) { detractorAlert } }`,
      {
        input: { surveyId, memberId: promoter.id, nps: 10 },
      },
      sam,
    );

    const mine = await env.gql<any>(LIST, { filter: { memberId } }, sam);
    expect(mine.data.detractorAlerts.totalCount).toBe(1);
    expect(mine.data.detractorAlerts.edges[0].node).toMatchObject({
      status: 'OPEN',
      npsScore: 2,
      claimedBy: null,
      member: { id: memberId },
      response: { npsScore: 2, suggestion: 'Delivery was late' },
      notes: [],
    });
    const alert = mine.data.detractorAlerts.edges[0].node;
    expect(alert.raisedAt).toBe(alert.response.submittedAt);
    const promoterAlerts = await env.gql<any>(LIST, { filter: { memberId: promoter.id } }, sam);
    expect(promoterAlerts.data.detractorAlerts.totalCount).toBe(0);
  });

  it('lets one agent claim an alert and tells the second who has it', async () => {
    const { alertId } = await detractorAnswer();
    const claimed = await env.gql<any>(CLAIM, { id: alertId }, sam);
    expect(claimed.data.claimDetractorAlert).toMatchObject({
      status: 'CLAIMED',
      claimedBy: 'sam',
      claimedByRole: 'staff',
    });

    const second = await env.gql<any>(CLAIM, { id: alertId }, kim);
    expect(second.errors?.[0].extensions).toMatchObject({
      code: 'CONFLICT',
      claimedBy: 'sam',
      status: 'CLAIMED',
    });
    expect(second.errors?.[0].message).toBe(`Detractor alert ${alertId} is claimed by sam`);

    const retry = await env.gql<any>(CLAIM, { id: alertId }, sam);
    expect(retry.data.claimDetractorAlert.claimedBy).toBe('sam');
  });

  it('gives a contested alert to exactly one of two agents who claim it at the same moment', async () => {
    const { alertId } = await detractorAnswer();
    const results = await Promise.all([
      env.gql<any>(CLAIM, { id: alertId }, sam),
      env.gql<any>(CLAIM, { id: alertId }, kim),
    ]);
    const winners = results.filter((r) => r.data?.claimDetractorAlert);
    const losers = results.filter((r) => r.errors?.[0].extensions?.code === 'CONFLICT');
    expect([winners.length, losers.length]).toEqual([1, 1]);
    const audit = await env.gql<any>(
      AUDIT,
      { filter: { action: 'feedback.alert-claimed', targetId: alertId } },
      lead,
    );
    expect(audit.data.auditLog.edges).toHaveLength(1);
  });

  it('keeps notes to the agent holding the claim and stores a retried note once', async () => {
    const { alertId } = await detractorAnswer();
    const unclaimed = await env.gql<any>(NOTE, { input: { alertId, note: 'Tried to call' } }, sam);
    expect(unclaimed.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(unclaimed.errors?.[0].message).toBe(`Claim detractor alert ${alertId} before you note it`);

    await env.gql(CLAIM, { id: alertId }, sam);
    const input = { alertId, note: 'Called back, left a voicemail', idempotencyKey: 'note-key-0001' };
    const first = await env.gql<any>(NOTE, { input }, sam);
    const again = await env.gql<any>(NOTE, { input }, sam);
    expect(first.errors).toBeUndefined();
    expect(again.data.addDetractorAlertNote.notes).toEqual([
      expect.objectContaining({ author: 'sam', authorRole: 'staff', body: 'Called back, left a voicemail' }),
    ]);
    const changed = await env.gql<any>(NOTE, { input: { ...input, note: 'Something else' } }, sam);
    expect(changed.errors?.[0].extensions?.code).toBe('IDEMPOTENCY_MISMATCH');

    const other = await env.gql<any>(NOTE, { input: { alertId, note: 'Me too' } }, kim);
    expect(other.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', claimedBy: 'sam' });
  });

  it('resolves with a reason, audits every step, and leaves a resolved alert closed to everyone', async () => {
    const { alertId } = await detractorAnswer();
    await env.gql(CLAIM, { id: alertId }, kim);
    const blank = await env.gql<any>(RESOLVE, { input: { alertId, resolution: '   ' } }, kim);
    expect(blank.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    const resolved = await env.gql<any>(
      RESOLVE,
      { input: { alertId, resolution: 'Refunded the shipping fee' } },
      kim,
    );
    expect(resolved.data.resolveDetractorAlert).toMatchObject({
      status: 'RESOLVED',
      resolution: 'Refunded the shipping fee',
      claimedBy: 'kim',
      resolvedAt: expect.any(String),
    });
    const retry = await env.gql<any>(
      RESOLVE,
      { input: { alertId, resolution: 'Refunded the shipping fee' } },
      kim,
    );
    expect(retry.data.resolveDetractorAlert.status).toBe('RESOLVED');
    const reclaim = await env.gql<any>(CLAIM, { id: alertId }, sam);
    expect(reclaim.errors?.[0].message).toBe(`Detractor alert ${alertId} is already resolved`);

    const audit = await env.gql<any>(
      AUDIT,
      { filter: { targetType: 'detractor-alert', targetId: alertId } },
      lead,
    );
    const actions = audit.data.auditLog.edges.map((e: any) => `${e.node.action} by ${e.node.actorId}`);
    expect(actions.sort()).toEqual(['feedback.alert-claimed by kim', 'feedback.alert-resolved by kim']);
  });

  it('lets the holder hand an alert back, and a team lead (admin) free anyone’s claim', async () => {
    const { alertId } = await detractorAnswer();
    await env.gql(CLAIM, { id: alertId }, sam);
    const byOther = await env.gql<any>(RELEASE, { id: alertId }, kim);
    expect(byOther.errors?.[0].extensions?.code).toBe('CONFLICT');
    const byLead = await env.gql<any>(RELEASE, { id: alertId }, lead);
    expect(byLead.data.releaseDetractorAlert).toMatchObject({ status: 'OPEN', claimedBy: null });
    const kimTakes = await env.gql<any>(CLAIM, { id: alertId }, kim);
    expect(kimTakes.data.claimDetractorAlert.claimedBy).toBe('kim');
  });

  it('streams each step of the loop live on the activity feed, without the note text', async () => {
    const client = env.wsClient({ authorization: `Bearer ${sam}` });
    const feed = collect(
      client,
      `subscription ($filter: ActivityFilter) { activityFeed(filter: $filter) { ${ACTIVITY_FIELDS} } }`,
      {
        filter: {
          types: [
            'feedback.detractor-alert',
            'feedback.alert-claimed',
            'feedback.alert-noted',
            'feedback.alert-resolved',
          ],
        },
      },
    );
    try {
      const { alertId, memberId } = await detractorAnswer(1);
      await env.gql(CLAIM, { id: alertId }, sam);
      await env.gql(NOTE, { input: { alertId, note: 'Private: customer is upset about Kevin' } }, sam);
      await env.gql(RESOLVE, { input: { alertId, resolution: 'Apologised' } }, sam);
      await feed.until((events) =>
        events.some((e) => e.type === 'feedback.alert-resolved' && e.payload.alertId === Number(alertId)),
      );
      const mine = feed.received.filter((e) => e.memberId === memberId);
      expect(mine.map((e) => e.type)).toEqual([
        'feedback.detractor-alert',
        'feedback.alert-claimed',
        'feedback.alert-noted',
        'feedback.alert-resolved',
      ]);
      expect(mine[0].payload.alertId).toBe(Number(alertId));
      expect(mine[1].payload).toMatchObject({ status: 'CLAIMED', claimedBy: 'sam' });
      expect(JSON.stringify(mine)).not.toContain('Kevin');
    } finally {
      feed.stop();
      await client.dispose();
    }
  });

  it('pages the queue by status, oldest first, and keeps it from members', async () => {
    await detractorAnswer();
    await detractorAnswer();
    const open = await env.gql<any>(LIST, { filter: { statuses: ['OPEN'] }, first: 1 }, sam);
    const page = open.data.detractorAlerts;
    expect(page.edges).toHaveLength(1);
    expect(page.pageInfo.hasNextPage).toBe(page.totalCount > 1);
    const next = await env.gql<any>(
      LIST,
      { filter: { statuses: ['OPEN'] }, first: 1, after: page.pageInfo.endCursor },
      sam,
    );
    expect(Number(next.data.detractorAlerts.edges[0].node.id)).toBeGreaterThan(Number(page.edges[0].node.id));

    const member = await registerMember(env);
    const asMember = await env.gql<any>(LIST, {}, await env.memberToken(member.id));
    expect(asMember.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
