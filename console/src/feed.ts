import type { Client } from 'graphql-ws';
import type { Api } from './api';
import { el, when } from './dom';

export interface ActivityEvent {
  id: string;
  cursor: string;
  type: string;
  memberId: string | null;
  channel: string | null;
  storeId: string | null;
  plugin: string | null;
  summary: string;
  occurredAt: string;
}

const FIELDS = 'id cursor type memberId channel storeId plugin summary occurredAt';
const HISTORY = `query ($filter: ActivityFilter) { activity(first: 30, filter: $filter) { edges { node { ${FIELDS} } } } }`;
const LIVE = `subscription ($filter: ActivityFilter, $after: String) { activityFeed(filter: $filter, after: $after) { ${FIELDS} } }`;
const MAX_SHOWN = 200;

/** Feedback alerts arrive with the feedback issue; any type naming a detractor stands out. */
const isAlert = (type: string) => /detractor/i.test(type);

/**
 * The live feed: the latest history page first, then a subscription from its newest cursor. On a
 * dropped socket or an ended subscription it reconnects with the last cursor it showed, so the list
 * has no gap.
 */
export class Feed {
  private client: Client | null = null;
  private cursor: string | null = null;
  private filter: Record<string, string[]> = {};
  private retry: ReturnType<typeof setTimeout> | null = null;
  private generation = 0;
  /** While paused, events are kept here in order (and the cursor still advances): none is lost. */
  private buffer: ActivityEvent[] = [];
  private paused = false;
  /** Told how many events wait while paused (0 when showing live). */
  onBuffered: (waiting: number) => void = () => undefined;
  /** Other panels (the detractor queue, the open member) that react to events as they arrive. */
  readonly listeners: ((event: ActivityEvent) => void)[] = [];

  constructor(
    private readonly api: Api,
    private readonly list: HTMLElement,
    private readonly indicator: HTMLElement,
    private readonly openMember: (id: string) => void,
  ) {}

  async start(filter: Record<string, string[]>): Promise<void> {
    this.stop();
    const generation = ++this.generation;
    this.filter = filter;
    this.buffer = [];
    this.onBuffered(0);
    this.list.replaceChildren();
    const data = await this.api.query<{ activity: { edges: { node: ActivityEvent }[] } }>(HISTORY, {
      filter,
    });
    if (generation !== this.generation) return;
    const nodes = data.activity.edges.map((edge) => edge.node);
    for (const node of [...nodes].reverse()) this.show(node);
    this.cursor = nodes[0]?.cursor ?? null;
    this.connect(generation);
  }

  stop(): void {
    this.generation++;
    if (this.retry) clearTimeout(this.retry);
    void this.client?.dispose();
    this.client = null;
  }

  /**
   * One socket and one subscription. Whatever ends it (the socket closing, or the server ending the
   * subscription with an error such as RATE_LIMITED, or completing it) goes through the same path:
   * dispose, show it, and connect again after a second from the last cursor shown.
   */
  private connect(generation: number): void {
    this.setState('connecting');
    let ended = false;
    const end = (signedOut: boolean) => {
      if (ended || generation !== this.generation) return;
      ended = true;
      void client.dispose();
      if (this.client === client) this.client = null;
      this.setState(signedOut ? 'signed-out' : 'reconnecting');
      if (!signedOut) this.retry = setTimeout(() => this.connect(generation), 1_000);
    };
    const client = this.api.socket({
      connected: () => {
        if (!ended) this.setState('live');
      },
      closed: (code) => end(code === 4403),
    });
    this.client = client;
    client.subscribe<{ activityFeed: ActivityEvent }>(
      { query: LIVE, variables: { filter: this.filter, after: this.cursor } },
      {
        next: (result) => {
          const event = result.data?.activityFeed;
          if (!event) return;
          this.cursor = event.cursor;
          if (this.paused) {
            this.buffer.push(event);
            this.onBuffered(this.buffer.length);
          } else this.show(event);
          for (const listener of this.listeners) listener(event);
        },
        error: () => end(false),
        complete: () => end(false),
      },
    );
  }

  /** Freezes the list (to read it) while the subscription keeps running into the buffer. */
  pause(): void {
    this.paused = true;
    this.onBuffered(this.buffer.length);
  }

  /** Shows every buffered event, oldest first, then goes on live. */
  resume(): void {
    this.paused = false;
    const waiting = this.buffer;
    this.buffer = [];
    for (const event of waiting) this.show(event);
    this.onBuffered(0);
  }

  get isPaused(): boolean {
    return this.paused;
  }

  private show(event: ActivityEvent): void {
    const member = event.memberId
      ? el(
          'button',
          { type: 'button', class: 'member-link', 'data-member': event.memberId },
          `#${event.memberId}`,
        )
      : null;
    member?.addEventListener('click', () => this.openMember(event.memberId!));
    const where = [event.channel, event.storeId, event.plugin].filter(Boolean).join(' · ');
    const item = el(
      'li',
      { class: isAlert(event.type) ? 'event alert' : 'event', 'data-id': event.id, 'data-type': event.type },
      el('span', { class: 'type' }, event.type),
      member,
      el('span', { class: 'summary' }, event.summary),
      el('small', {}, `${when(event.occurredAt)}${where ? ` · ${where}` : ''}`),
    );
    this.list.prepend(item);
    while (this.list.children.length > MAX_SHOWN) this.list.lastElementChild?.remove();
  }

  private setState(state: string): void {
    this.indicator.textContent = state;
    this.indicator.dataset.state = state;
    this.indicator.className = `status ${state}`;
  }
}
