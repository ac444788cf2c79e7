/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL answers are read loosely in tests, as in test/ */
import {
  createPluginTestEnvironment,
  type PluginTestEnvironment,
} from '../../../src/plugin-system/testing/plugin-test-kit';
import { registerMember } from '../../../test/harness/members.fixtures';
import {
  createEarningRule,
  orderInput,
  recordOrder,
  upsertProducts,
} from '../../../test/harness/orders.fixtures';
import { balanceOf } from '../../../test/harness/points.fixtures';
import { FORM_ID, formResponse, hiddenFieldsOf, TYPEFORM_SECRET, typeformHeaders } from './typeform.samples';

describe('Typeform satisfaction surveys', () => {
  let env: PluginTestEnvironment;
  let surveyId: string;

  const send = (body: string, headers = typeformHeaders(body)) =>
    env.webhook('typeform-surveys', body, headers);
  const deliver = async (body: string) => {
    const response = await send(body);
    expect(response.status).toBe(200);
    await env.drainDeliveries();
    return response;
  };
  // The host hands over every event committed before the run (it reads through the published horizon).
  const dispatchEvents = () =>
    env.app.plugins.jobs.find((j) => j.name === 'plugins-dispatch-events')!.run(new Date());
  const query = async (sql: string, params: unknown[]) =>
    (await env.app.db.dataSource.query(sql, params)) as any[];
  const responsesOf = (memberId: string) =>
    query(
      'SELECT npsScore AS nps, orderId, suggestion, source, externalId, pointsAwarded FROM feedback_response WHERE memberId = ?',
      [Number(memberId)],
    );
  const linkFor = async (memberId: string, orderId: string | null, token?: string) => {
    const response = await env.gql<{ typeformSurveysLink: string }>(
      `query ($m: ID!, $o: ID) { typeformSurveysLink(memberId: $m, orderId: $o) }`,
      { m: memberId, o: orderId },
      token ?? (await env.staffToken()),
    );
    return response;
  };

  beforeAll(async () => {
    env = await createPluginTestEnvironment({ plugins: ['typeform-surveys'], enable: false });
    const admin = await env.adminToken();
    const survey = await env.gql<any>(
      `mutation { createSurvey(input: { code: "POST-PURCHASE", title: "How did we do?", asksNps: true, asksSuggestion: true }) { id } }`,
      {},
      admin,
    );
    surveyId = survey.data.createSurvey.id;
    await env.install('typeform-surveys', {
      webhookSecret: TYPEFORM_SECRET,
      linkBaseUrl: 'https://acme.typeform.com/to/',
      postPurchaseFormId: FORM_ID,
      forms: [{ formId: FORM_ID, surveyId: Number(surveyId), npsRef: 'nps_q', suggestionRef: 'tell_us' }],
    });
    await upsertProducts(env, [{ sku: 'BEANS', category: 'coffee' }]);
    await createEarningRule(env, {
      name: 'Survey completed',
      kind: 'BEHAVIOUR',
      parameters: { behaviour: 'SURVEY_COMPLETED', points: 50 },
    });
  });
  afterAll(() => env?.stop());

  it('turns an order into a signed invitation link, and its response into feedback about that order with points once', async () => {
    const member = await registerMember(env);
    await dispatchEvents(); // the plugin's event cursor starts at the current end of the outbox
    const order = await recordOrder(env, orderInput(member.id, [['BEANS', 1, 1000]]));
    const orderId = order.data!.recordOrder.id as string;
    await dispatchEvents();
    const [invitation] = await query(
      `SELECT payloadJson FROM activity_event WHERE type = 'typeform-surveys.invitation-created' AND memberId = ?`,
      [Number(member.id)],
    );
    const url = JSON.parse(invitation.payloadJson).url as string;
    expect(url.startsWith(`https://acme.typeform.com/to/${FORM_ID}#`)).toBe(true);
    const hidden = hiddenFieldsOf(url);
    expect(hidden).toMatchObject({ member_id: member.id, order_id: orderId });
    expect(
      (await linkFor(member.id, orderId, await env.memberToken(member.id))).data!.typeformSurveysLink,
    ).toBe(url);

    const body = formResponse({ hidden, nps: 9, suggestion: '  Quick delivery  ' });
    await deliver(body);
    expect((await send(body)).body.duplicate).toBe(true);
    // Typeform redelivering the same response with a new event id is answered by the response token.
    await deliver(body.replace(/"event_id":"[A-Z0-9]+"/, '"event_id":"ANOTHEREVENT"'));
    const responses = await responsesOf(member.id);
    expect(responses).toHaveLength(1);
    expect(responses[0]).toMatchObject({
      nps: 9,
      suggestion: 'Quick delivery',
      source: 'plugin:typeform-surveys',
    });
    expect(String(responses[0].orderId)).toBe(orderId);
    expect(Number(responses[0].pointsAwarded)).toBe(50);
    expect((await balanceOf(env, member.id)).available).toBe(50 + order.data!.recordOrder.pointsEarned);
  });

  it('raises the detractor alert for a low NPS, and pays survey points once per survey per member', async () => {
    const member = await registerMember(env);
    const before = (await balanceOf(env, member.id)).available;
    const link = (await linkFor(member.id, null)).data!.typeformSurveysLink;
    await deliver(formResponse({ hidden: hiddenFieldsOf(link), nps: 3 }));
    const types = (
      await query('SELECT type FROM activity_event WHERE memberId = ?', [Number(member.id)])
    ).map((r) => r.type);
    expect(types).toEqual(expect.arrayContaining(['feedback.submitted', 'feedback.detractor-alert']));
    expect((await balanceOf(env, member.id)).available).toBe(before + 50);
  });

  it('refuses an unsigned or wrongly signed delivery, another event type and an unmapped form, with nothing written', async () => {
    const body = formResponse({ hidden: { member_id: '1' }, nps: 10 });
    expect((await send(body, { 'content-type': 'application/json' })).status).toBe(401);
    expect((await send(body, typeformHeaders(body, 'another-secret-0000000'))).status).toBe(401);
    const other = JSON.stringify({ event_id: 'X', event_type: 'form_updated', form_response: {} });
    expect((await send(other)).status).toBe(400);
    const unmapped = formResponse({ hidden: { member_id: '1' }, formId: 'OtHeR123' });
    const refused = await send(unmapped);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatch(/not mapped/);
    const stored = await query(
      `SELECT COUNT(*) AS n FROM webhook_delivery WHERE plugin = 'typeform-surveys' AND topic <> 'form_response'`,
      [],
    );
    expect(Number(stored[0].n)).toBe(0);
  });

  it('does not record a response whose hidden member id was edited in the link', async () => {
    const victim = await registerMember(env);
    const other = await registerMember(env);
    const hidden = hiddenFieldsOf((await linkFor(other.id, null)).data!.typeformSurveysLink);
    const body = formResponse({ hidden: { ...hidden, member_id: victim.id }, nps: 0 });
    await deliver(body);
    const [delivery] = await query(`SELECT status, lastError FROM webhook_delivery WHERE deliveryId = ?`, [
      JSON.parse(body).form_response.token,
    ]);
    expect(delivery.status).toBe('FAILED');
    expect(delivery.lastError).toMatch(/sig/);
    expect(await responsesOf(victim.id)).toHaveLength(0);
  });

  it('gives a member only their own survey link', async () => {
    const member = await registerMember(env);
    const other = await registerMember(env);
    const response = await linkFor(other.id, null, await env.memberToken(member.id));
    expect(response.errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});
