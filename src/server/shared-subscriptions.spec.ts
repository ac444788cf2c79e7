import {
  GraphQLError,
  GraphQLID,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  parse,
  type ExecutionResult,
} from 'graphql';
import type { WebSocket } from 'ws';
import type { Principal } from '../auth/principal';
import {
  nextFrame,
  SharedSubscriptions,
  visibilityKey,
  type SharedDeliveryTarget,
} from './shared-subscriptions';

interface Tick {
  id: number;
  text: string;
}

/** A schema whose one subscription replays `events`, counting executions of its `text` field. */
function fixture(events: Tick[]) {
  const counts = { text: 0, opened: 0, closed: 0 };
  const Tick = new GraphQLObjectType({
    name: 'Tick',
    fields: {
      id: { type: new GraphQLNonNull(GraphQLID) },
      text: {
        type: GraphQLString,
        resolve: (tick: Tick) => {
          counts.text++;
          if (tick.text === 'boom') throw new GraphQLError('boom', { extensions: { code: 'INTERNAL' } });
          return tick.text;
        },
      },
      viewer: {
        type: GraphQLString,
        resolve: (_tick, _args, ctx: { principal: Principal }) => ctx.principal.role,
      },
    },
  });
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } }),
    subscription: new GraphQLObjectType({
      name: 'Subscription',
      fields: {
        ticks: {
          type: Tick,
          subscribe: async function* () {
            counts.opened++;
            try {
              for (const event of events) yield event;
            } finally {
              counts.closed++;
            }
          },
          resolve: (event: Tick) => event,
        },
      },
    }),
  });
  return { schema, counts };
}

function socket() {
  const frames: string[] = [];
  const fake = {
    OPEN: 1,
    readyState: 1,
    send(frame: string, done?: (error?: Error) => void) {
      frames.push(frame);
      done?.();
    },
  };
  return { socket: fake as unknown as WebSocket, frames };
}

const staff = (subject: string): Principal => ({ role: 'staff', subject });
const member = (memberId: number): Principal => ({ role: 'member', subject: String(memberId), memberId });

/** Opens a subscription through `shared` on a fake socket; `drain()` runs its delivery loop to the end. */
async function open(
  shared: SharedSubscriptions,
  schema: GraphQLSchema,
  query: string,
  principal: Principal,
  id = '1',
) {
  const { socket: fakeSocket, frames } = socket();
  const contextValue = { principal };
  const counted = { delivered: 0 };
  const target: SharedDeliveryTarget = {
    socket: fakeSocket,
    id,
    principal,
    query,
    context: () => ({ principal }),
    delivered: (count) => (counted.delivered += count),
  };
  shared.register(contextValue, target);
  const result = await shared.subscribe({ schema, document: parse(query), contextValue });
  if (!(Symbol.asyncIterator in result)) throw new Error('expected a stream');
  return {
    socket: fakeSocket,
    frames,
    counted,
    drain: async () => (await result.next()).done,
  };
}

/** Opens every subscription first (so they share), then delivers to each in turn. */
async function deliverAll(
  shared: SharedSubscriptions,
  schema: GraphQLSchema,
  subscribers: [query: string, principal: Principal, id?: string][],
) {
  const opened = [];
  for (const [query, principal, id] of subscribers)
    opened.push(await open(shared, schema, query, principal, id));
  const done: (boolean | undefined)[] = [];
  for (const subscription of opened) done.push(await subscription.drain());
  return opened.map(({ frames, counted }, i) => ({ frames, delivered: counted.delivered, done: done[i] }));
}

const format = (result: ExecutionResult) =>
  result.errors ? { ...result, errors: result.errors.map((error) => ({ message: error.message })) } : result;

describe('SharedSubscriptions', () => {
  const events = [
    { id: 1, text: 'one' },
    { id: 2, text: 'two' },
  ];

  it('executes each event once for every subscriber of the same operation and visibility', async () => {
    const { schema, counts } = fixture(events);
    const shared = new SharedSubscriptions(format);
    const query = 'subscription { ticks { id text } }';
    const [first, second] = await deliverAll(shared, schema, [
      [query, staff('agent-1'), 'a'],
      [query, staff('agent-2'), 'b'],
    ]);

    expect(counts.text).toBe(2); // two events, one execution each, not one per subscriber
    expect(first.frames.map((frame) => JSON.parse(frame) as unknown)).toEqual([
      { id: 'a', type: 'next', payload: { data: { ticks: { id: '1', text: 'one' } } } },
      { id: 'a', type: 'next', payload: { data: { ticks: { id: '2', text: 'two' } } } },
    ]);
    expect(second.frames).toEqual(first.frames.map((frame) => frame.replace('"id":"a"', '"id":"b"')));
    expect([first.delivered, second.delivered, first.done, second.done]).toEqual([2, 2, true, true]);
    expect(counts).toMatchObject({ opened: 2, closed: 2 });
    expect(shared.operationCount()).toBe(0);
  });

  it('does not share between members, nor between a member and staff, nor across operations', async () => {
    const { schema, counts } = fixture(events);
    const shared = new SharedSubscriptions(format);
    const query = 'subscription { ticks { id text viewer } }';
    const [own, other, support] = await deliverAll(shared, schema, [
      [query, member(1)],
      [query, member(2)],
      [query, staff('agent-1')],
      ['subscription Named { ticks { id text viewer } }', staff('agent-1')],
    ]);

    expect(counts.text).toBe(8);
    expect(JSON.parse(own.frames[0])).toMatchObject({ payload: { data: { ticks: { viewer: 'member' } } } });
    expect(JSON.parse(other.frames[0])).toMatchObject({ payload: { data: { ticks: { viewer: 'member' } } } });
    expect(JSON.parse(support.frames[0])).toMatchObject({
      payload: { data: { ticks: { viewer: 'staff' } } },
    });
  });

  it('sends execution errors formatted, once per event', async () => {
    const { schema, counts } = fixture([{ id: 7, text: 'boom' }]);
    const shared = new SharedSubscriptions(format);
    const query = 'subscription { ticks { id text } }';
    const [first, second] = await deliverAll(shared, schema, [
      [query, staff('a')],
      [query, staff('b')],
    ]);

    expect(counts.text).toBe(1);
    const payload = { data: { ticks: { id: '7', text: null } }, errors: [{ message: 'boom' }] };
    expect(first.frames.map((frame) => JSON.parse(frame) as unknown)).toEqual([
      { id: '1', type: 'next', payload },
    ]);
    expect(second.frames).toEqual(first.frames);
  });

  it('stops pulling from the source once the socket is closed, and closes the source', async () => {
    const { schema, counts } = fixture(events);
    const shared = new SharedSubscriptions(format);
    const query = 'subscription { ticks { id } }';
    const { socket: closed, frames } = socket();
    (closed as unknown as { readyState: number }).readyState = 3;
    const contextValue = { principal: staff('a') };
    shared.register(contextValue, {
      socket: closed,
      id: '1',
      principal: staff('a'),
      query,
      context: () => contextValue,
      delivered: () => undefined,
    });
    const stream = await shared.subscribe({ schema, document: parse(query), contextValue });
    if (!(Symbol.asyncIterator in stream)) throw new Error('expected a stream');

    expect(await stream.next()).toEqual({ value: undefined, done: true });
    expect(frames).toEqual([]);
    expect(counts).toMatchObject({ opened: 1, closed: 1 });
    expect(shared.operationCount()).toBe(0);
  });

  it('writes what the source already holds together with the event it pulled, in order, corked', async () => {
    const held = [
      { id: 2, text: 'two' },
      { id: 3, text: 'three' },
    ];
    let pulled = false;
    const source = {
      next: async () =>
        pulled
          ? { value: undefined, done: true }
          : ((pulled = true), { value: { id: 1, text: 'one' }, done: false }),
      takeReady: () => held.splice(0),
      return: async () => ({ value: undefined, done: true }),
      [Symbol.asyncIterator]() {
        return this;
      },
    };
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } }),
      subscription: new GraphQLObjectType({
        name: 'Subscription',
        fields: {
          ticks: {
            type: new GraphQLObjectType({ name: 'Tick', fields: { text: { type: GraphQLString } } }),
            subscribe: () => source,
            resolve: (event: Tick) => event,
          },
        },
      }),
    });
    const shared = new SharedSubscriptions(format);
    const corks: string[] = [];
    const opened = await open(shared, schema, 'subscription { ticks { text } }', staff('a'));
    Object.assign(opened.socket, {
      _socket: { cork: () => corks.push('cork'), uncork: () => corks.push('uncork') },
    });
    await opened.drain();

    expect(opened.frames.map((frame) => (JSON.parse(frame) as { payload: unknown }).payload)).toEqual([
      { data: { ticks: { text: 'one' } } },
      { data: { ticks: { text: 'two' } } },
      { data: { ticks: { text: 'three' } } },
    ]);
    expect(opened.counted.delivered).toBe(3);
    expect(corks).toEqual(['cork', 'uncork']);
  });

  it('leaves operations it was not told about to graphql-js', async () => {
    const { schema, counts } = fixture(events);
    const shared = new SharedSubscriptions(format);
    const stream = await shared.subscribe({
      schema,
      document: parse('subscription { ticks { text } }'),
      contextValue: {},
    });
    if (!(Symbol.asyncIterator in stream)) throw new Error('expected a stream');
    const results = [];
    for await (const result of stream) results.push(result);

    expect(results).toEqual([{ data: { ticks: { text: 'one' } } }, { data: { ticks: { text: 'two' } } }]);
    expect(counts.text).toBe(2);
  });

  it('shares by role for staff and admins, by member for members', () => {
    expect(visibilityKey(staff('a'))).toBe(visibilityKey(staff('b')));
    expect(visibilityKey(staff('a'))).not.toBe(visibilityKey({ role: 'admin', subject: 'a' }));
    expect(visibilityKey(member(1))).not.toBe(visibilityKey(member(2)));
    expect(visibilityKey(null)).not.toBe(visibilityKey(staff('a')));
    expect(nextFrame('x"1', '{"data":null}')).toBe('{"id":"x\\"1","type":"next","payload":{"data":null}}');
  });
});
