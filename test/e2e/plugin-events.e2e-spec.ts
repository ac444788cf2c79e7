import path from 'node:path';
import {
  createPluginTestEnvironment,
  type PluginTestEnvironment,
} from '../../src/plugin-system/testing/plugin-test-kit';
import { registerMember } from '../harness/members.fixtures';
import { failingMembers, seenEvents } from './plugins-fixtures/greedy';

const GREEDY = path.join(__dirname, 'plugins-fixtures', 'greedy');

/** Plugins' event handlers get committed events through the published horizon, and one bad event cannot block them. */
describe("plugins' event handlers", () => {
  let env: PluginTestEnvironment;

  beforeAll(async () => {
    env = await createPluginTestEnvironment({
      plugins: [GREEDY],
      configure: { greedy: { secret: 'greedy-secret-value', greeting: 'hi' } },
    });
  });
  afterAll(() => env.stop());

  const dispatch = (at: Date) =>
    env.app.plugins.jobs.find((j) => j.name === 'plugins-dispatch-events')!.run(at);
  const later = () => new Date(Date.now() + 60_000);
  const registeredEventOf = async (memberId: string) => {
    const [row] = (await env.app.db.dataSource.query(
      "SELECT id FROM activity_event WHERE type = 'member.registered' AND memberId = ?",
      [Number(memberId)],
    )) as { id: number }[];
    return Number(row.id);
  };

  it('hands a committed event over at the next run without waiting for it to settle, then exactly once', async () => {
    await dispatch(new Date()); // first run: starts at the end of the outbox
    const member = await registerMember(env);
    const eventId = await registeredEventOf(member.id);
    expect(await dispatch(new Date())).toMatchObject({ eventsDelivered: 1 });
    expect(seenEvents).toContain(eventId);
    await dispatch(later());
    expect(seenEvents.filter((id) => id === eventId)).toHaveLength(1);
  });

  it('parks an event whose handler keeps failing, records it for admins, and moves on', async () => {
    const poisoned = await registerMember(env);
    failingMembers.add(Number(poisoned.id));
    for (let attempt = 1; attempt < 5; attempt++) {
      expect(await dispatch(later())).toMatchObject({ eventsDelivered: 0, eventsParked: 0 });
    }
    expect(await dispatch(later())).toMatchObject({ eventsParked: 1 });
    const next = await registerMember(env);
    expect(await dispatch(later())).toMatchObject({ eventsDelivered: 1 });
    expect(seenEvents).toContain(await registeredEventOf(next.id));
    expect(seenEvents).not.toContain(await registeredEventOf(poisoned.id));
    const plugin = await env.gql<any>(
      `{ plugin(name: "greedy") { recentErrors { message } } }`,
      {},
      await env.adminToken(),
    );
    expect(JSON.stringify(plugin.data.plugin.recentErrors)).toContain('parked after 5 failed attempts');
  });
});
