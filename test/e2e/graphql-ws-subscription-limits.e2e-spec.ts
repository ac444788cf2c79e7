import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';
import { registerMember, type MemberView } from '../harness/members.fixtures';
import { givePoints } from '../harness/points.fixtures';
import { ACTIVITY_FIELDS, collect, sleep } from '../harness/activity.fixtures';

const FEED = `subscription ($filter: ActivityFilter) { activityFeed(filter: $filter) { ${ACTIVITY_FIELDS} } }`;

const codesOf = (errors: unknown[]) =>
  errors.flatMap((error) =>
    Array.isArray(error) ? error.map((e: { extensions?: { code?: string } }) => e.extensions?.code) : [],
  );

/** Open subscriptions are capped per socket and per principal, over a real graphql-ws client. */
describe('Subscription caps over graphql-ws', () => {
  let env: TestEnvironment;
  let member: MemberView;

  beforeAll(async () => {
    env = await createTestEnvironment({
      env: { SUBSCRIPTIONS_PER_CONNECTION: '2', SUBSCRIPTIONS_PER_PRINCIPAL: '3' },
    });
    member = await registerMember(env);
  });
  afterAll(() => env.stop());

  const feed = (client: ReturnType<TestEnvironment['wsClient']>) =>
    collect(client, FEED, { filter: { memberIds: [member.id] } });

  async function refusal(live: ReturnType<typeof feed>) {
    const deadline = Date.now() + 5_000;
    while (live.errors.length === 0 && Date.now() < deadline) await sleep(20);
    return codesOf(live.errors);
  }

  it('refuses a subscription above the per-socket cap with RATE_LIMITED and keeps the open ones delivering', async () => {
    const client = env.wsClient({ authorization: `Bearer ${await env.token('staff', 'caps-socket')}` });
    const first = feed(client);
    const second = feed(client);
    const third = feed(client);
    expect(await refusal(third)).toEqual(['RATE_LIMITED']);

    await givePoints(env, member.id, 5);
    await first.until((events) => events.length === 1);
    await second.until((events) => events.length === 1);

    // Completing one frees its slot on the same socket.
    first.stop();
    await sleep(200);
    const fourth = feed(client);
    await sleep(200);
    await givePoints(env, member.id, 6);
    await fourth.until((events) => events.length === 1);
    expect(fourth.errors).toEqual([]);
    second.stop();
    fourth.stop();
  });

  it('refuses a subscription above the per-principal cap across sockets, not another principal’s, and frees slots when a socket closes', async () => {
    const token = await env.token('staff', 'caps-principal');
    const socketA = env.wsClient({ authorization: `Bearer ${token}` });
    const socketB = env.wsClient({ authorization: `Bearer ${token}` });
    const held = [feed(socketA), feed(socketA), feed(socketB)];
    await sleep(200);
    const refused = feed(socketB);
    expect(await refusal(refused)).toEqual(['RATE_LIMITED']);

    const someoneElse = feed(
      env.wsClient({ authorization: `Bearer ${await env.token('staff', 'caps-other')}` }),
    );
    await sleep(200);
    await givePoints(env, member.id, 7);
    await someoneElse.until((events) => events.length === 1);
    await Promise.all(held.map((live) => live.until((events) => events.length === 1)));

    await socketA.dispose();
    await sleep(300);
    const afterClose = feed(socketB);
    await sleep(200);
    await givePoints(env, member.id, 8);
    await afterClose.until((events) => events.length === 1);
    expect(afterClose.errors).toEqual([]);
    for (const live of [held[2], afterClose, someoneElse]) live.stop();
  });
});
