import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';
import { registerMember, type MemberView } from '../harness/members.fixtures';
import { givePoints } from '../harness/points.fixtures';
import { ACTIVITY_FIELDS, collect, sleep, type ActivityView } from '../harness/activity.fixtures';
import { runOverWs } from '../harness/operations';
import { seedTiers } from '../../seeds/demo-tiers';

const MEMBER_ACTIVITY = `subscription ($memberId: ID!, $after: String) {
  memberActivity(memberId: $memberId, after: $after) { ${ACTIVITY_FIELDS} } }`;
const FEED = `subscription ($filter: ActivityFilter, $after: String) {
  activityFeed(filter: $filter, after: $after) { ${ACTIVITY_FIELDS} } }`;
const HISTORY = `query ($filter: ActivityFilter, $first: Int, $after: String) {
  activity(filter: $filter, first: $first, after: $after) {
    edges { cursor node { ${ACTIVITY_FIELDS} } } pageInfo { hasNextPage endCursor } } }`;

/** The activity stream: history, live subscriptions with resume, authorisation and the transport policies. */
describe('Live member activity', () => {
  let env: TestEnvironment;
  let staff: string;
  let member: MemberView;
  let other: MemberView;

  beforeAll(async () => {
    env = await createTestEnvironment();
    staff = await env.staffToken();
    member = await registerMember(env);
    other = await registerMember(env);
  });
  afterAll(() => env.stop());

  async function history(filter: Record<string, unknown> | null, token = staff, first = 50) {
    const response = await env.gql<{ activity: { edges: { node: ActivityView }[] } }>(
      HISTORY,
      { filter, first },
      token,
    );
    return response;
  }

  describe('history', () => {
    it('lists a member’s events newest first with their type, summary and payload', async () => {
      await givePoints(env, member.id, 40);
      const response = await history({ memberIds: [member.id] });
      expect(response.errors).toBeUndefined();
      const nodes = response.data!.activity.edges.map((edge) => edge.node);
      expect(nodes.map((node) => node.type)).toEqual(['points.adjusted', 'member.registered']);
      expect(Number(nodes[0].id)).toBeGreaterThan(Number(nodes[1].id));
      expect(nodes[0].payload).toMatchObject({ points: 40, availableDelta: 40 });
      expect(nodes[0].summary).toContain(`Member ${member.id}`);
    });

    it('filters by event type across members', async () => {
      await givePoints(env, other.id, 5);
      const response = await history({ types: ['points.adjusted'] });
      const members = response.data!.activity.edges.map((edge) => edge.node.memberId);
      expect(new Set(members)).toEqual(new Set([member.id, other.id]));
    });

    it('shows a member only their own history, and refuses another member’s with FORBIDDEN', async () => {
      const token = await env.memberToken(member.id);
      const own = await history(null, token);
      expect(own.data!.activity.edges.every((edge) => edge.node.memberId === member.id)).toBe(true);
      const foreign = await history({ memberIds: [other.id] }, token);
      expect(foreign.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    });

    it('refuses a malformed filter with BAD_USER_INPUT naming the field', async () => {
      const response = await history({ memberIds: ['abc'] });
      expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('filters by the tier members hold when read: an assigned tier selects its member, the entry tier those without one', async () => {
      await env.app.db.transaction((manager) => seedTiers(manager));
      const gold = await registerMember(env);
      const regular = await registerMember(env);
      const assigned = await env.gql(
        `mutation ($id: ID!) { assignTier(memberId: $id, tierCode: "GOLD", reason: "Tier filter fixture") { manual } }`,
        { id: gold.id },
        await env.adminToken(),
      );
      expect(assigned.errors).toBeUndefined();
      const membersIn = async (tiers: string[]) => {
        const response = await history({ tiers, memberIds: [gold.id, regular.id] });
        expect(response.errors).toBeUndefined();
        return new Set(response.data!.activity.edges.map((edge) => edge.node.memberId));
      };
      expect(await membersIn(['GOLD'])).toEqual(new Set([gold.id]));
      expect(await membersIn(['REGULAR'])).toEqual(new Set([regular.id]));
      expect(await membersIn(['GOLD', 'REGULAR'])).toEqual(new Set([gold.id, regular.id]));
      expect(await membersIn(['SILVER'])).toEqual(new Set());
      expect(await membersIn(['NO_SUCH_TIER'])).toEqual(new Set());
    });
  });

  describe('subscriptions', () => {
    it('delivers a member’s event live, after its commit', async () => {
      const client = env.wsClient({ authorization: `Bearer ${await env.memberToken(member.id)}` });
      const live = collect(client, MEMBER_ACTIVITY, { memberId: member.id });
      await sleep(200);
      await givePoints(env, member.id, 7);
      await givePoints(env, other.id, 9);
      await live.until((events) => events.length >= 1);
      await sleep(200);
      expect(live.received.map((event) => [event.type, event.payload.points])).toEqual([
        ['points.adjusted', 7],
      ]);
      live.stop();
    });

    it('refuses a member subscribing to another member with FORBIDDEN, and the feed to members', async () => {
      const client = env.wsClient({ authorization: `Bearer ${await env.memberToken(member.id)}` });
      const foreign = await runOverWs(client, MEMBER_ACTIVITY, { memberId: other.id });
      const feed = await runOverWs(client, FEED, {});
      for (const outcome of [foreign, feed]) {
        const errors = outcome.errors ?? outcome.results[0]?.errors;
        expect(errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
      }
    });

    it('refuses a malformed feed filter over the socket with BAD_USER_INPUT', async () => {
      const client = env.wsClient({ authorization: `Bearer ${staff}` });
      const outcome = await runOverWs(client, FEED, { filter: { types: ['x'.repeat(65)] } });
      const errors = outcome.errors ?? outcome.results[0]?.errors;
      expect(errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    });

    it('filters the staff feed by type and member', async () => {
      const client = env.wsClient({ authorization: `Bearer ${staff}` });
      const live = collect(client, FEED, { filter: { types: ['points.adjusted'], memberIds: [other.id] } });
      await sleep(200);
      await givePoints(env, member.id, 1);
      await givePoints(env, other.id, 2);
      await live.until((events) => events.length >= 1);
      await sleep(200);
      expect(live.received.map((event) => [event.memberId, event.payload.points])).toEqual([[other.id, 2]]);
      live.stop();
    });

    it('replays everything after a cursor, then continues live, without gap or duplicate', async () => {
      const before = await history({ memberIds: [member.id] }, staff, 1);
      const cursor = before.data!.activity.edges[0].node.cursor;
      for (const points of [11, 12, 13]) await givePoints(env, member.id, points);
      const client = env.wsClient({ authorization: `Bearer ${staff}` });
      const live = collect(client, MEMBER_ACTIVITY, { memberId: member.id, after: cursor });
      await live.until((events) => events.length >= 3);
      await givePoints(env, member.id, 14);
      await live.until((events) => events.length >= 4);
      expect(live.received.map((event) => event.payload.points)).toEqual([11, 12, 13, 14]);
      live.stop();
    });

    it('misses nothing when a subscriber disconnects mid-stream and resumes from its last cursor while events keep coming', async () => {
      const start = (await history({ memberIds: [other.id] }, staff, 1)).data!.activity.edges[0].node.cursor;
      let writing = true;
      const written: number[] = [];
      const writer = (async () => {
        for (let points = 100; writing && points < 160; points++) {
          await givePoints(env, other.id, points);
          written.push(points);
          await sleep(5);
        }
      })();
      const received: ActivityView[] = [];
      let cursor = start;
      for (let round = 0; round < 3; round++) {
        const client = env.wsClient({ authorization: `Bearer ${staff}` });
        const live = collect(client, MEMBER_ACTIVITY, { memberId: other.id, after: cursor });
        await live.until((events) => events.length >= 3);
        live.stop();
        await client.dispose();
        received.push(...live.received);
        cursor = live.received[live.received.length - 1].cursor;
        await sleep(50); // events keep committing while nobody listens
      }
      writing = false;
      await writer;
      const client = env.wsClient({ authorization: `Bearer ${staff}` });
      const rest = collect(client, MEMBER_ACTIVITY, { memberId: other.id, after: cursor });
      await rest.until(() => received.length + rest.received.length >= written.length);
      await sleep(300);
      rest.stop();
      received.push(...rest.received);
      expect(received.map((event) => event.payload.points)).toEqual(written);
      const ids = received.map((event) => Number(event.id));
      expect([...ids].sort((a, b) => a - b)).toEqual(ids);
      expect(new Set(ids).size).toBe(ids.length);
    });
  });

  describe('transport policies', () => {
    it('closes an open subscription’s socket with 4403 when its token expires', async () => {
      const expiresAt = Math.floor(Date.now() / 1000) + 2;
      const token = await env.token('staff', 'staff-1', expiresAt);
      const closes: number[] = [];
      const client = env.wsClient({ authorization: `Bearer ${token}` }, (event) => closes.push(event.code));
      const live = collect(client, FEED, {});
      for (let i = 0; i < 80 && closes.length === 0; i++) await sleep(50);
      expect(closes).toContain(4403);
      expect(live.completed).toBe(true);
    });

    it('applies the depth limit to subscriptions', async () => {
      const client = env.wsClient({ authorization: `Bearer ${staff}` });
      const deep = `subscription { activityFeed { id ${'a: summary '.repeat(1)} } }`;
      const ok = await Promise.race([runOverWs(client, deep), sleep(300).then(() => 'running')]);
      expect(ok).toBe('running');
      const aliases = `subscription { activityFeed { ${Array.from({ length: 40 }, (_, i) => `a${i}: id`).join(' ')} } }`;
      const refused = await runOverWs(client, aliases);
      expect(refused.errors?.map((error) => error.extensions?.code)).toContain('QUERY_TOO_COMPLEX');
    });
  });
});
