import {
  createSourceEventStream,
  execute,
  subscribe as graphqlSubscribe,
  type ExecutionArgs,
  type ExecutionResult,
} from 'graphql';
import type { WebSocket } from 'ws';
import type { Principal } from '../auth/principal';

/** Results kept per shared operation, newest last: enough for every subscriber near the live edge. */
export const RETAINED_RESULTS = 256;

/** What a subscription needs to be delivered from executions it shares with others. */
export interface SharedDeliveryTarget {
  socket: WebSocket;
  /** The subscription's id on its socket (graphql-ws `next` messages carry it). */
  id: string;
  principal: Principal | null;
  /** The operation as the client sent it: same text, operation and variables share an execution. */
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
  /** A fresh context for one execution of one event (its own loaders). */
  context(): unknown;
  /** `count` events went to the socket (metrics). */
  delivered(count: number): void;
}

/**
 * Who may see what, as far as an execution's result goes. Staff and admins see the same fields and
 * values (roles are all that `@Authorized` checks for them); a member sees only their own member's
 * data (member-access-guard.ts), and partners and system principals are limited by their plugin and
 * scopes, so those share with themselves only.
 */
export function visibilityKey(principal: Principal | null): string {
  if (!principal) return 'anonymous';
  if (principal.role === 'staff' || principal.role === 'admin') return principal.role;
  if (principal.role === 'member') return `member:${principal.memberId ?? ''}:${principal.subject}`;
  return JSON.stringify([principal.role, principal.subject, principal.plugin, principal.scopes]);
}

/** The `next` frame of graphql-transport-ws around a payload serialised once for everyone. */
export function nextFrame(id: string, payload: string): string {
  return `{"id":${JSON.stringify(id)},"type":"next","payload":${payload}}`;
}

/**
 * One operation's results, shared by every subscriber with the same document, variables and
 * visibility: each event is executed and serialised once (the first subscriber to reach it), and the
 * others reuse the bytes. Keyed by event id, so a subscriber reading the event from the table
 * (replay, a tier filter, a slow consumer) still shares with those that took it from the hub's ring.
 */
class SharedOperation {
  subscribers = 0;
  private readonly results = new Map<unknown, Promise<string>>();

  constructor(
    private readonly args: ExecutionArgs,
    private readonly makeContext: () => unknown,
    private readonly format: (result: ExecutionResult) => unknown,
  ) {}

  payloadFor(event: unknown): Promise<string> {
    const key = eventKey(event);
    let payload = this.results.get(key);
    if (payload === undefined) {
      payload = this.run(event);
      this.results.set(key, payload);
      if (this.results.size > RETAINED_RESULTS) this.results.delete(this.results.keys().next().value);
    }
    return payload;
  }

  private async run(event: unknown): Promise<string> {
    const result = await execute({ ...this.args, rootValue: event, contextValue: this.makeContext() });
    return JSON.stringify(this.format(result));
  }
}

function eventKey(event: unknown): unknown {
  const id = (event as { id?: unknown } | null)?.id;
  return typeof id === 'number' || typeof id === 'string' ? id : event;
}

/**
 * Subscriptions executed once per event per distinct (operation, variables, visibility) instead of
 * once per subscriber. graphql-ws's `subscribe` hook: a subscription registered by `onSubscribe` gets
 * its source stream as usual (the field's `subscribe`, so its checks and filter run once, at
 * subscribe), then a delivery loop that sends each event's shared bytes to its socket, waiting for the
 * socket to take one before pulling the next (the same backpressure graphql-ws applies). The loop
 * yields nothing to graphql-ws, which still owns the subscription's lifecycle (complete, close,
 * errors from the source). Anything not registered runs through graphql's `subscribe` unchanged.
 */
export class SharedSubscriptions {
  private readonly operations = new Map<string, SharedOperation>();
  private readonly targets = new WeakMap<object, SharedDeliveryTarget>();

  constructor(private readonly format: (result: ExecutionResult) => unknown) {}

  /** Marks the execution args (by their context) as delivered through a shared execution. */
  register(contextValue: object, target: SharedDeliveryTarget): void {
    this.targets.set(contextValue, target);
  }

  /** Distinct shared operations with at least one subscriber (for tests and metrics). */
  operationCount(): number {
    return this.operations.size;
  }

  readonly subscribe = async (
    args: ExecutionArgs,
  ): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> => {
    const target = this.targets.get(args.contextValue as object);
    if (!target) return graphqlSubscribe(args) as Promise<AsyncGenerator<ExecutionResult> | ExecutionResult>;
    this.targets.delete(args.contextValue as object);
    const source = await createSourceEventStream(args);
    if (!isAsyncIterable(source)) return source;
    const key = [
      visibilityKey(target.principal),
      target.operationName ?? '',
      JSON.stringify(target.variables ?? {}),
      target.query,
    ].join('\u0000');
    let operation = this.operations.get(key);
    if (!operation) {
      operation = new SharedOperation(args, target.context, this.format);
      this.operations.set(key, operation);
    }
    operation.subscribers++;
    const shared = operation;
    return new SharedDelivery(source[Symbol.asyncIterator]() as Source, shared, target, () => {
      if (--shared.subscribers === 0 && this.operations.get(key) === shared) this.operations.delete(key);
    });
  };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof (value as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === 'function';
}

/** net.Socket's write batching (ws keeps its socket in `_socket`). */
interface Corkable {
  cork(): void;
  uncork(): void;
}

/** A source that can hand over what it already holds (ActivityStream.takeReady). */
type Source = AsyncIterator<unknown> & { takeReady?(): unknown[] };

/** One subscriber's delivery loop; graphql-ws sees an async generator that never yields. */
class SharedDelivery implements AsyncGenerator<ExecutionResult> {
  private closed = false;
  private readonly prefix: string;

  constructor(
    private readonly source: Source,
    private readonly operation: SharedOperation,
    private readonly target: SharedDeliveryTarget,
    private readonly release: () => void,
  ) {
    this.prefix = nextFrame(target.id, '\u0000').split('\u0000')[0];
  }

  async next(): Promise<IteratorResult<ExecutionResult>> {
    let exhausted = false;
    try {
      while (!this.closed) {
        const step = await this.source.next();
        if (step.done) {
          exhausted = true;
          break;
        }
        if (this.closed) break;
        // Events the source already holds go out with this one, in one write to the socket.
        const events = [step.value, ...(this.source.takeReady?.() ?? [])];
        const payloads = await Promise.all(events.map((event) => this.operation.payloadFor(event)));
        if (this.closed) break;
        if (!(await this.send(payloads.map((payload) => `${this.prefix}${payload}}`)))) break;
        this.target.delivered(events.length);
      }
    } finally {
      // However the loop ended (closed socket, a source or send error), the source is closed with it.
      if (!exhausted) await this.return();
      else this.close();
    }
    return { value: undefined, done: true };
  }

  /**
   * Resolves once the socket took every frame (ws calls back in order, so the last one's callback);
   * false when the socket is no longer open. Several frames are corked into one write on the socket.
   */
  private send(frames: string[]): Promise<boolean> {
    const socket = this.target.socket;
    if (socket.readyState !== socket.OPEN) return Promise.resolve(false);
    const tcp = frames.length > 1 ? (socket as unknown as { _socket?: Corkable })._socket : undefined;
    tcp?.cork();
    try {
      return new Promise((resolve, reject) => {
        const last = frames.length - 1;
        frames.forEach((frame, i) =>
          socket.send(frame, i === last ? (err) => (err ? reject(err) : resolve(true)) : undefined),
        );
      });
    } finally {
      tcp?.uncork();
    }
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.release();
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    this.close();
    await this.source.return?.();
    return { value: undefined, done: true };
  }

  async throw(error?: unknown): Promise<IteratorResult<ExecutionResult>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): AsyncGenerator<ExecutionResult> {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }
}
