import WebSocket from 'ws';
import { ActivityEvent } from '../../src/modules/activity';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';
import { registerMember, type MemberView } from '../harness/members.fixtures';
import { givePoints } from '../harness/points.fixtures';
import { ACTIVITY_FIELDS, collect, sleep } from '../harness/activity.fixtures';

const FEED = `subscription ($filter: ActivityFilter, $after: String) {
  activityFeed(filter: $filter, after: $after) { ${ACTIVITY_FIELDS} } }`;

/**
 * Ids are handed out at insert, not at commit. On MariaDB a transaction can hold a lower id open while
 * a higher one commits; on SQLite transactions are queued, so the later one waits. Either way no
 * subscriber may see the higher id first, or it could resume after it and lose the lower one.
 */
describe('Activity ordering and slow consumers', () => {
  let env: TestEnvironment;
  let staff: string;
  let early: MemberView;
  let late: MemberView;

  beforeAll(async () => {
    env = await createTestEnvironment({ env: { SUBSCRIPTION_STALL_MS: '400' } });
    staff = await env.staffToken();
    early = await registerMember(env);
    late = await registerMember(env);
  });
  afterAll(() => env.stop());

  it('holds back an event committed while a lower id is still open, then delivers both in id order', async () => {
    const filter = { memberIds: [early.id, late.id], types: ['test.slow-transaction', 'points.adjusted'] };
    const watching = collect(env.wsClient({ authorization: `Bearer ${staff}` }), FEED, { filter });
    await sleep(200);
    const horizonBefore = env.app.live.horizon();

    let commit!: () => void;
    const gate = new Promise<void>((resolve) => (commit = resolve));
    let slowInserted!: () => void;
    const inserted = new Promise<void>((resolve) => (slowInserted = resolve));
    const slow = env.app.db.transaction(async (manager) => {
      await env.app.core.services.activity.recordPluginEvent(manager, {
        type: 'test.slow-transaction',
        memberId: early.id as unknown as number,
        summary: 'a transaction that commits late',
      });
      slowInserted();
      await gate;
    });
    await inserted;
    const fast = givePoints(env, late.id, 5); // on SQLite this waits in the queue behind `slow`
    await sleep(800);

    if (env.app.db.kind === 'mysql') {
      await fast;
      const committed = await env.app.db.manager.find(ActivityEvent, {
        where: { memberId: Number(late.id) },
      });
      expect(committed.map((row) => row.type)).toContain('points.adjusted');
    }
    expect(watching.received).toEqual([]);
    expect(env.app.live.horizon()).toBe(horizonBefore);

    commit();
    await slow;
    await fast;
    await watching.until((events) => events.length >= 2);
    expect(watching.received.map((event) => event.type)).toEqual([
      'test.slow-transaction',
      'points.adjusted',
    ]);
    const [first, second] = watching.received.map((event) => Number(event.id));
    expect(first).toBeLessThan(second);

    // A subscriber resuming from before both gets both, in the same order.
    const resumed = collect(env.wsClient({ authorization: `Bearer ${staff}` }), FEED, {
      filter,
      after: Buffer.from(`activity:${horizonBefore}`).toString('base64url'),
    });
    await resumed.until((events) => events.length >= 2);
    expect(resumed.received.map((event) => event.id)).toEqual(watching.received.map((event) => event.id));
    watching.stop();
    resumed.stop();
  });

  it('skips an id whose transaction rolled back instead of waiting for it forever', async () => {
    // Resumes from the horizon before the two transactions, so the subscription sees them whenever
    // its socket is ready (on a loaded machine that can be after both have committed).
    const watching = collect(env.wsClient({ authorization: `Bearer ${staff}` }), FEED, {
      filter: { memberIds: [late.id] },
      after: Buffer.from(`activity:${env.app.live.horizon()}`).toString('base64url'),
    });
    await env.app.db
      .transaction(async (manager) => {
        await env.app.core.services.activity.recordPluginEvent(manager, {
          type: 'test.rolled-back',
          memberId: Number(late.id),
          summary: 'never committed',
        });
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await givePoints(env, late.id, 6);
    await watching.until((events) => events.length >= 1);
    expect(watching.received.map((event) => [event.type, event.payload.points])).toEqual([
      ['points.adjusted', 6],
    ]);
    watching.stop();
  });

  it('closes the socket of a client that stops reading with 1013, without holding up other subscribers', async () => {
    // A backlog large enough to fill the kernel's socket buffers of a client that reads nothing.
    const payload = { padding: 'x'.repeat(4_000) };
    await env.app.db.transaction(async (manager) => {
      for (let i = 0; i < 3_000; i++)
        await env.app.core.services.activity.recordPluginEvent(manager, {
          type: 'test.backlog',
          memberId: Number(early.id),
          summary: `backlog ${i}`,
          payload,
        });
    });
    const healthy = collect(env.wsClient({ authorization: `Bearer ${staff}` }), FEED, {
      filter: { types: ['points.adjusted'], memberIds: [early.id] },
    });

    const socket = new WebSocket(
      env.app.server.wsUrl.replace('localhost', '127.0.0.1'),
      'graphql-transport-ws',
    );
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    await new Promise((resolve) => socket.on('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${staff}` } }));
    await new Promise((resolve) => socket.once('message', resolve));
    socket.send(
      JSON.stringify({
        id: '1',
        type: 'subscribe',
        payload: { query: FEED, variables: { after: Buffer.from('activity:0').toString('base64url') } },
      }),
    );
    // Stop reading: the server's writes back up into its send buffer.
    (socket as unknown as { _socket: { pause(): void } })._socket.pause();

    await sleep(300);
    await givePoints(env, early.id, 8);
    await healthy.until((events) => events.length >= 1);
    expect(healthy.received[0].payload.points).toBe(8);

    await sleep(1_000); // past SUBSCRIPTION_STALL_MS: the server has given up on this client
    (socket as unknown as { _socket: { resume(): void } })._socket.resume();
    expect(await Promise.race([closed, sleep(10_000).then(() => 'still open')])).toBe(1013);
    healthy.stop();
  });
});
