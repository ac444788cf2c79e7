import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Api } from './api';
import type { ActivityEvent } from './feed';
import {
  claimAlert,
  detractorQueue,
  noteAlert,
  releaseAlert,
  resolveAlert,
  type DetractorAlert,
} from './operations';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const nameOf = (alert: DetractorAlert) =>
  [alert.member.firstName, alert.member.lastName].filter(Boolean).join(' ') || `Member ${alert.member.id}`;

/** One alert: who has it, what the member said, and the actions the caller may take on it now. */
function AlertCard(props: {
  alert: DetractorAlert;
  me: string;
  act: (work: () => Promise<unknown>) => Promise<void>;
  api: Api;
  open: (id: string) => void;
}) {
  const { alert, me, act, api, open } = props;
  const [note, setNote] = useState('');
  const [resolution, setResolution] = useState('');
  const mine = alert.status === 'CLAIMED' && alert.claimedBy === me;
  const field = (name: string) => `alert-${alert.id}-${name}`;
  return (
    <li class={`alert-card ${alert.status.toLowerCase()}`} data-alert={alert.id} data-status={alert.status}>
      <p>
        <strong>NPS {alert.npsScore}</strong> from{' '}
        <button
          type="button"
          class="member-link"
          data-member={alert.member.id}
          onClick={() => open(alert.member.id)}
        >
          {nameOf(alert)} #{alert.member.id}
        </button>{' '}
        <small>{dateTime.format(new Date(alert.raisedAt))}</small>
      </p>
      {alert.response.suggestion && <blockquote>{alert.response.suggestion}</blockquote>}
      <p class="holder">
        {alert.status === 'OPEN'
          ? 'Nobody is on it yet'
          : mine
            ? 'You are on it'
            : `${alert.claimedBy} is on it`}
      </p>
      {alert.notes.length > 0 && (
        <ul class="notes">
          {alert.notes.map((n) => (
            <li key={n.createdAt + n.body}>
              <small>
                {n.author}, {dateTime.format(new Date(n.createdAt))}:
              </small>{' '}
              {n.body}
            </li>
          ))}
        </ul>
      )}
      {alert.status === 'OPEN' && (
        <button type="button" class="claim" onClick={() => void act(() => claimAlert(api, alert.id))}>
          Claim
        </button>
      )}
      {mine && (
        <div class="alert-actions">
          <form
            onSubmit={(event) => {
              event.preventDefault();
              const key = `note-${alert.id}-${crypto.randomUUID()}`;
              void act(() => noteAlert(api, alert.id, note, key)).then(() => setNote(''));
            }}
          >
            <label for={field('note')}>Note</label>
            <input
              id={field('note')}
              class="note"
              value={note}
              required
              maxLength={2000}
              onInput={(e) => setNote((e.target as HTMLInputElement).value)}
            />
            <button type="submit">Add note</button>
          </form>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              if (!confirm(`Resolve the alert of ${nameOf(alert)}?`)) return;
              void act(() => resolveAlert(api, alert.id, resolution));
            }}
          >
            <label for={field('resolution')}>How was it resolved?</label>
            <input
              id={field('resolution')}
              class="resolution"
              value={resolution}
              required
              maxLength={2000}
              onInput={(e) => setResolution((e.target as HTMLInputElement).value)}
            />
            <button type="submit">Resolve</button>
          </form>
          <button type="button" class="release" onClick={() => void act(() => releaseAlert(api, alert.id))}>
            Hand back
          </button>
        </div>
      )}
    </li>
  );
}

/**
 * The detractor queue (OPEN and CLAIMED, oldest first, paged): claim, note, resolve with a reason.
 * The server decides who holds an alert; the list reloads when the live feed says an alert changed,
 * so every agent sees a claim within a moment and nobody works an alert twice.
 */
function DetractorQueue(props: {
  api: Api;
  me: string;
  open: (id: string) => void;
  subscribe: (listener: (event: ActivityEvent) => void) => void;
}) {
  const { api, me, open, subscribe } = props;
  const [alerts, setAlerts] = useState<DetractorAlert[]>([]);
  const [total, setTotal] = useState(0);
  const [next, setNext] = useState<string | null>(null);
  const [message, setMessage] = useState('');

  const load = async () => {
    const page = await detractorQueue(api);
    setAlerts(page.edges.map((e) => e.node));
    setTotal(page.totalCount);
    setNext(page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null);
  };
  const more = async () => {
    const page = await detractorQueue(api, next);
    setAlerts((shown) => [...shown, ...page.edges.map((e) => e.node)]);
    setNext(page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null);
  };
  const act = async (work: () => Promise<unknown>) => {
    setMessage('');
    try {
      await work();
      setMessage('Saved');
    } catch (error) {
      setMessage((error as Error).message);
    }
    await load();
  };
  useEffect(() => {
    void load();
    subscribe((event) => {
      if (/^feedback\.(alert-|detractor-alert)/.test(event.type)) void load();
    });
  }, []);

  return (
    <div>
      <p class="queue-count">
        {total} open or claimed{' '}
        <button type="button" onClick={() => void load()}>
          Refresh
        </button>
      </p>
      <p id="alert-message" role="status">
        {message}
      </p>
      <ol class="alert-list">
        {alerts.map((alert) => (
          <AlertCard key={alert.id} alert={alert} me={me} act={act} api={api} open={open} />
        ))}
      </ol>
      {next && (
        <button type="button" onClick={() => void more()}>
          Show more
        </button>
      )}
    </div>
  );
}

export function mountDetractorQueue(
  host: HTMLElement,
  props: {
    api: Api;
    me: string;
    open: (id: string) => void;
    subscribe: (l: (e: ActivityEvent) => void) => void;
  },
): void {
  render(<DetractorQueue {...props} />, host);
}
