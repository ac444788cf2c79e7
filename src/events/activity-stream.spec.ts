import type { ActivityCriteria, ActivityEvent } from '../modules/activity';
import { ActivityHub } from './activity-hub';
import { ActivityStream, type PageReader } from './activity-stream';

const event = (id: number, overrides: Partial<ActivityEvent> = {}): ActivityEvent =>
  ({
    id,
    type: 'points.earned',
    memberId: 1,
    channel: null,
    storeId: null,
    plugin: null,
    summary: `event ${id}`,
    payloadJson: '{}',
    occurredAt: new Date(0),
    ...overrides,
  }) as ActivityEvent;

/** Lets every woken stream run up to its next wait. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

function open(hub: ActivityHub, criteria: ActivityCriteria, readPage: PageReader = async () => []) {
  return new ActivityStream(hub, criteria, null, readPage, () => undefined);
}

describe('ActivityStream over the in-process hub', () => {
  it('keeps at most one wait per idle subscription in the hub however many events go by, and none once closed', async () => {
    const hub = new ActivityHub(0, 50);
    const streams = Array.from({ length: 100 }, () => open(hub, { types: ['nothing.matches'] }));
    const pending = streams.map((stream) => stream.next());
    await settle();
    expect(hub.waiting()).toBe(100);

    for (let id = 1; id <= 2_000; id++) {
      hub.publish([event(id)], id);
      await settle();
      expect(hub.waiting()).toBeLessThanOrEqual(100);
    }
    expect(streams.every((stream) => stream.position() === 2_000)).toBe(true);

    await Promise.all(streams.map((stream) => stream.return()));
    expect(hub.waiting()).toBe(0);
    expect(await Promise.all(pending)).toEqual(streams.map(() => ({ value: undefined, done: true })));
    // 200,000 wake-ups: a few seconds alone, far longer on a CI machine busy with other test files.
  }, 120_000);

  it('hands over the rest of a page at once with takeReady, in order, and then waits for more', async () => {
    const hub = new ActivityHub(0);
    const stream = open(hub, {});
    hub.publish([event(1), event(2), event(3)], 3);

    expect((await stream.next()).value?.id).toBe(1);
    expect(stream.takeReady().map((taken) => taken.id)).toEqual([2, 3]);
    expect(stream.takeReady()).toEqual([]);
    const waiting = stream.next();
    hub.publish([event(4)], 4);
    expect((await waiting).value?.id).toBe(4);
    await stream.return();
  });

  it('filters pages from the ring in memory without reading the table when no tier is asked for', async () => {
    const hub = new ActivityHub(0);
    const reads: number[][] = [];
    const stream = open(hub, { types: ['order.recorded'] }, async (after, through) => {
      reads.push([after, through]);
      return [];
    });
    const next = stream.next();
    hub.publish([event(1), event(2, { type: 'order.recorded' })], 2);
    expect((await next).value?.id).toBe(2);
    expect(reads).toEqual([]);
    await stream.return();
  });

  it('reads a tier-filtered page from the table, so the tier is the one at read time as in a replay', async () => {
    const hub = new ActivityHub(0);
    const reads: number[][] = [];
    const stream = open(hub, { tierCodes: ['GOLD'] }, async (after, through) => {
      reads.push([after, through]);
      // The table applies the tier: of the two member events only #2's member is GOLD now.
      return [event(2, { memberId: 7 })];
    });
    const next = stream.next();
    hub.publish([event(1), event(2, { memberId: 7 }), event(3, { memberId: null })], 3);
    expect((await next).value?.id).toBe(2);
    expect(reads).toEqual([[0, 3]]);
    expect(stream.position()).toBe(3);
    await stream.return();
  });

  it('costs a tier-filtered stream no read for a page with no candidate event', async () => {
    const hub = new ActivityHub(0);
    const reads: number[][] = [];
    const stream = open(hub, { tierCodes: ['GOLD'], types: ['tier.changed'] }, async (after, through) => {
      reads.push([after, through]);
      return [];
    });
    const next = stream.next();
    hub.publish([event(1), event(2, { memberId: null, type: 'tier.changed' })], 2);
    await settle();
    expect(stream.position()).toBe(2);
    expect(reads).toEqual([]);
    await stream.return();
    expect(await next).toEqual({ value: undefined, done: true });
  });

  it('hands a failed table read to the subscriber instead of skipping the page', async () => {
    const hub = new ActivityHub(0);
    const stream = open(hub, { tierCodes: ['GOLD'] }, async () => {
      throw new Error('tiers unavailable');
    });
    const next = stream.next();
    hub.publish([event(1)], 1);
    await expect(next).rejects.toThrow('tiers unavailable');
    expect(stream.position()).toBe(0);
    await stream.return();
  });
});
