import { getNamedType, isInputObjectType, isObjectType } from 'graphql';
import { registerMember } from '../harness/members.fixtures';
import {
  createEarningRule,
  orderInput,
  recordOrder,
  refundOrder,
  upsertProducts,
} from '../harness/orders.fixtures';
import { servedSchema } from '../harness/schema-walk';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';

const CHANNEL_NAMES = /^(channel|channels|joinChannel)$/;

/**
 * Channel keys are stored lower-case: whatever case or padding a caller sends ("POS", " Pos "), every
 * input that names a channel means the same channel as "pos".
 */
describe('channel keys are matched whatever their case', () => {
  let env: TestEnvironment;
  let staff: string;
  let admin: string;

  beforeAll(async () => {
    env = await createTestEnvironment();
    staff = await env.staffToken();
    admin = await env.adminToken();
    await upsertProducts(env, [{ sku: 'CHAN-SKU', category: 'coffee' }]);
  });
  afterAll(() => env.stop());

  const ok = <T>(response: { data?: T; errors?: unknown }): T => {
    expect(response.errors).toBeUndefined();
    return response.data!;
  };

  /** Each channel input in the schema and the test below that sends it in upper case. */
  const COVERED: Record<string, string> = {
    'RegisterMemberInput.joinChannel': 'registration',
    'ChannelIdentityInput.channel': 'registration, link, unlink, recordOrder',
    'Query.memberByChannelIdentity(channel)': 'registration',
    'MemberFilter.channel': 'registration',
    'RecordOrderInput.channel': 'orders',
    'RefundOrderInput.channel': 'orders',
    'OrderFilter.channel': 'orders',
    'PreviewPointsInput.channel': 'earning-rule targeting',
    'EarningRuleTargetingInput.channels': 'earning-rule targeting',
    'Mutation.awardBehaviour(channel)': 'earning-rule targeting',
    'SubmitFeedbackInput.channel': 'feedback',
    'FeedbackSummaryInput.channel': 'feedback',
    'ActivityFilter.channels': 'activity',
    'OutboundWebhookFilterInput.channels': 'outbound webhooks',
  };

  it('covers every argument and input field of the schema that takes a channel', async () => {
    const schema = await servedSchema(env);
    const found: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if (isObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          for (const arg of field.args) {
            if (CHANNEL_NAMES.test(arg.name)) found.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
      if (isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (CHANNEL_NAMES.test(field.name) && getNamedType(field.type).name === 'String') {
            found.push(`${type.name}.${field.name}`);
          }
        }
      }
    }
    expect(found.sort()).toEqual(Object.keys(COVERED).sort());
  });

  it('registration, identity lookup, member search, link and unlink store and find lower-case keys', async () => {
    const member = await registerMember(env, {
      joinChannel: ' POS ',
      channelIdentities: [{ channel: 'POS', externalId: 'card-chan-1' }],
    });
    const [row] = (await env.app.db.dataSource.query(
      'SELECT m.joinChannel AS joinChannel, i.channel AS channel FROM member m JOIN channel_identity i ON i.memberId = m.id WHERE m.id = ?',
      [Number(member.id)],
    )) as { joinChannel: string; channel: string }[];
    expect(row).toEqual({ joinChannel: 'pos', channel: 'pos' });

    for (const channel of ['POS', 'pos', ' Pos ']) {
      const found = ok(
        await env.gql<{ memberByChannelIdentity: { id: string } }>(
          `query ($c: String!) { memberByChannelIdentity(channel: $c, externalId: "card-chan-1") { id } }`,
          { c: channel },
          staff,
        ),
      );
      expect(found.memberByChannelIdentity.id).toBe(member.id);
    }
    const search = ok(
      await env.gql<{ members: { edges: { node: { id: string } }[] } }>(
        `query { members(first: 5, filter: { channel: "POS", externalId: "card-chan-1" }) { edges { node { id } } } }`,
        {},
        staff,
      ),
    );
    expect(search.members.edges.map((e) => e.node.id)).toEqual([member.id]);

    ok(
      await env.gql(
        `mutation ($id: ID!) { linkChannelIdentity(memberId: $id, identity: { channel: "Shopify", externalId: "cus-chan-1" }) { id } }`,
        { id: member.id },
        staff,
      ),
    );
    const linked = ok(
      await env.gql<{ memberByChannelIdentity: { id: string } }>(
        `query { memberByChannelIdentity(channel: "shopify", externalId: "cus-chan-1") { id } }`,
        {},
        staff,
      ),
    );
    expect(linked.memberByChannelIdentity.id).toBe(member.id);
    ok(
      await env.gql(
        `mutation ($id: ID!) { unlinkChannelIdentity(memberId: $id, identity: { channel: "SHOPIFY", externalId: "cus-chan-1" }) { id } }`,
        { id: member.id },
        staff,
      ),
    );
  });

  it('still refuses what is not a channel key once normalised, naming the field', async () => {
    const response = await env.gql(
      `query { memberByChannelIdentity(channel: "PO S", externalId: "x") { id } }`,
      {},
      staff,
    );
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'channel' }],
    });
  });

  it('orders record, resolve identities, refund and filter by the lower-case channel', async () => {
    const member = await registerMember(env, {
      channelIdentities: [{ channel: 'pos', externalId: 'card-chan-2' }],
    });
    const input = orderInput(null, [['CHAN-SKU', 1, 1000]], {
      channel: 'POS',
      channelIdentity: { channel: 'POS', externalId: 'card-chan-2' },
    });
    const order = ok(await recordOrder(env, input)).recordOrder;
    expect(order.channel).toBe('pos');
    const owner = ok(
      await env.gql<{ order: { member: { id: string } } }>(
        `query ($id: ID!) { order(id: $id) { member { id } } }`,
        { id: order.id },
        staff,
      ),
    );
    expect(owner.order.member.id).toBe(member.id);

    const listed = ok(
      await env.gql<{ orders: { edges: { node: { id: string } }[] } }>(
        `query { orders(first: 50, filter: { channel: "Pos" }) { edges { node { id } } } }`,
        {},
        staff,
      ),
    );
    expect(listed.orders.edges.map((e) => e.node.id)).toContain(order.id);

    const refunded = ok(
      await refundOrder(env, {
        channel: 'POS',
        externalOrderId: input.externalOrderId,
        refundId: 'chan-refund-1',
        kind: 'CANCELLATION',
      }),
    );
    expect(refunded.refundOrder.order.id).toBe(order.id);
  });

  it('earning-rule targeting stores lower-case channels and applies to previews and behaviours sent in upper case', async () => {
    const id = await createEarningRule(env, {
      name: 'POS bonus',
      kind: 'ORDER_FIXED',
      parameters: { points: 7 },
      targeting: { channels: ['POS', 'Mini-Program'] },
    });
    const rule = ok(
      await env.gql<{ earningRule: { targeting: { channels: string[] } } }>(
        `query ($id: ID!) { earningRule(id: $id) { targeting { channels } } }`,
        { id },
        admin,
      ),
    );
    expect([...rule.earningRule.targeting.channels].sort()).toEqual(['mini-program', 'pos']);
    const preview = ok(
      await env.gql<{ previewPoints: { points: number } }>(
        `query { previewPoints(input: { channel: "POS", currency: "EUR", lines: [{ sku: "CHAN-SKU", quantity: 1, unitPriceMinor: 1000 }] }) { points } }`,
        {},
        staff,
      ),
    );
    expect(preview.previewPoints.points).toBe(7);

    await createEarningRule(env, {
      name: 'Green action at the till',
      kind: 'BEHAVIOUR',
      targeting: { channels: ['pos'] },
      parameters: { behaviour: 'GREEN_ACTION', points: 10 },
    });
    const member = await registerMember(env);
    const award = ok(
      await env.gql<{ awardBehaviour: { points: number } }>(
        `mutation ($id: ID!) { awardBehaviour(memberId: $id, behaviour: GREEN_ACTION, reference: "chan-green-1", channel: "POS") { points } }`,
        { id: member.id },
        staff,
      ),
    );
    expect(award.awardBehaviour.points).toBe(10);
  });

  it('feedback stores the lower-case channel and its summary filters by it in any case', async () => {
    const survey = ok(
      await env.gql<{ createSurvey: { id: string } }>(
        `mutation { createSurvey(input: { code: "CHAN-NPS", title: "How did we do?", asksNps: true }) { id } }`,
        {},
        admin,
      ),
    );
    const member = await registerMember(env);
    const submitted = ok(
      await env.gql<{ submitFeedback: { response: { channel: string } } }>(
        `mutation ($input: SubmitFeedbackInput!) { submitFeedback(input: $input) { response { channel } } }`,
        {
          input: {
            surveyId: survey.createSurvey.id,
            memberId: member.id,
            nps: 9,
            channel: 'POS',
            externalId: 'chan-feedback-1',
          },
        },
        staff,
      ),
    );
    expect(submitted.submitFeedback.response.channel).toBe('pos');
    const summary = ok(
      await env.gql<{ feedbackSummary: { responses: number }[] }>(
        `query ($input: FeedbackSummaryInput!) { feedbackSummary(input: $input) { responses } }`,
        {
          input: {
            from: '2020-01-01T00:00:00Z',
            to: new Date(env.clock.now().getTime() + 86_400_000).toISOString(),
            surveyId: survey.createSurvey.id,
            channel: 'POS',
          },
        },
        staff,
      ),
    );
    expect(summary.feedbackSummary.map((row) => row.responses)).toEqual([1]);
  });

  it('outbound webhook filters store the lower-case channels they were sent in any case', async () => {
    const created = ok(
      await env.gql<{ createOutboundWebhookEndpoint: { endpoint: { filter: { channels: string[] } } } }>(
        `mutation ($input: CreateOutboundWebhookEndpointInput!) {
          createOutboundWebhookEndpoint(input: $input) { endpoint { filter { channels } } } }`,
        {
          input: {
            url: 'http://127.0.0.1:9/hooks',
            eventTypes: ['member.registered'],
            filter: { channels: ['POS', ' Online-Store '] },
          },
        },
        admin,
      ),
    );
    expect(created.createOutboundWebhookEndpoint.endpoint.filter.channels).toEqual(['pos', 'online-store']);
  });

  it('the activity history filters by channels sent in upper case', async () => {
    const member = await registerMember(env, { joinChannel: 'kiosk' });
    const history = ok(
      await env.gql<{ activity: { edges: { node: { memberId: string; channel: string } }[] } }>(
        `query ($filter: ActivityFilter) { activity(filter: $filter, first: 50) { edges { node { memberId channel } } } }`,
        { filter: { channels: ['KIOSK'] } },
        staff,
      ),
    );
    expect(history.activity.edges.map((e) => e.node)).toContainEqual({
      memberId: member.id,
      channel: 'kiosk',
    });
  });
});
