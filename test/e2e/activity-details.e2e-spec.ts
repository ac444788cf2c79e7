import { ACTIVITY_EVENTS, ACTIVITY_EVENT_TYPES } from '../../src/modules/activity';
import { collect } from '../harness/activity.fixtures';
import { registerMember } from '../harness/members.fixtures';
import { givePoints } from '../harness/points.fixtures';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';

const DETAILS = `details {
  __typename
  ... on MemberRegisteredDetails { joinChannel identities }
  ... on MemberClosedDetails { reason }
  ... on PointsMovementDetails {
    entryId type points availableDelta explanation orderId
    balance { available pending held }
    source { kind staffUserId }
  }
}`;
const HISTORY = `query ($filter: ActivityFilter) {
  activity(filter: $filter, first: 20) { edges { node { type payload ${DETAILS} } } } }`;
const FEED = `subscription ($memberId: ID!) { memberActivity(memberId: $memberId) { type ${DETAILS} } }`;

interface Node {
  type: string;
  payload: Record<string, unknown>;
  details: ({ __typename: string } & Record<string, unknown>) | null;
}

/**
 * `ActivityEvent.details`: the payload as a typed object per event type (the `ActivityDetails` union),
 * beside the JSON `payload` front-ends already read, over HTTP and over graphql-ws.
 */
describe('typed activity details', () => {
  let env: TestEnvironment;
  let staff: string;

  beforeAll(async () => {
    env = await createTestEnvironment({ now: '2026-05-04T09:00:00Z' });
    staff = await env.staffToken();
  });
  afterAll(() => env.stop());

  const historyOf = async (memberId: string): Promise<Node[]> => {
    const response = await env.gql<{ activity: { edges: { node: Node }[] } }>(
      HISTORY,
      { filter: { memberIds: [memberId] } },
      staff,
    );
    expect(response.errors).toBeUndefined();
    return response.data!.activity.edges.map((edge) => edge.node);
  };

  it('answers each event type with its own object type, holding the same values as the JSON payload', async () => {
    const member = await registerMember(env, { joinChannel: 'pos' });
    await givePoints(env, member.id, 40);

    const [adjusted, registered] = await historyOf(member.id);

    expect(registered.details).toEqual({
      __typename: 'MemberRegisteredDetails',
      joinChannel: 'pos',
      identities: 0,
    });
    expect(adjusted.details).toMatchObject({
      __typename: 'PointsMovementDetails',
      type: 'ADJUST',
      points: 40,
      availableDelta: 40,
      orderId: null,
      balance: { available: 40, pending: 0, held: 0 },
      source: { kind: 'STAFF' },
    });
    expect(adjusted.details!.entryId).toBe(String(adjusted.payload.entryId));
  });

  it('answers null details for an event whose payload has no fields', async () => {
    const member = await registerMember(env);
    const close = await env.gql(
      `mutation ($id: ID!) { closeMembership(id: $id, input: { reason: MOVED_AWAY }) { id } }`,
      { id: member.id },
      staff,
    );
    expect(close.errors).toBeUndefined();
    await env.gql(`mutation ($id: ID!) { reactivateMembership(id: $id) { id } }`, { id: member.id }, staff);

    const [reactivated, closed] = await historyOf(member.id);

    expect([reactivated.type, reactivated.details]).toEqual(['member.reactivated', null]);
    expect(closed.details).toEqual({ __typename: 'MemberClosedDetails', reason: 'MOVED_AWAY' });
  });

  it('delivers typed details to live subscribers over graphql-ws', async () => {
    const member = await registerMember(env);
    const live = collect(env.wsClient({ authorization: `Bearer ${staff}` }), FEED, { memberId: member.id });
    await new Promise((resolve) => setTimeout(resolve, 300));

    await givePoints(env, member.id, 7);
    await live.until((events) => events.length >= 1);

    expect(live.received[0]).toMatchObject({
      type: 'points.adjusted',
      details: { __typename: 'PointsMovementDetails', points: 7 },
    });
    live.stop();
  });

  it('describes every event type of the catalogue', () => {
    for (const type of ACTIVITY_EVENT_TYPES)
      expect(ACTIVITY_EVENTS[type].description.length).toBeGreaterThan(10);
  });
});
