import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Api } from './api';
import { moment } from './format';
import { PagedTable } from './paged-table';
import {
  createEndpoint,
  deleteEndpoint,
  deliveryPages,
  endpoints,
  pauseEndpoint,
  replayDelivery,
  resumeEndpoint,
  rotateSecret,
  type Delivery,
  type Endpoint,
} from './webhook-operations';

const value = (event: Event) => (event.target as HTMLInputElement).value;

function CreateForm({ api, onCreated }: { api: Api; onCreated: (work: () => Promise<string>) => void }) {
  const [url, setUrl] = useState('');
  const [types, setTypes] = useState('');
  const [description, setDescription] = useState('');
  return (
    <form
      id="webhook-create"
      onSubmit={(event) => {
        event.preventDefault();
        onCreated(async () => {
          const eventTypes = types
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean);
          const created = await createEndpoint(api, { url, eventTypes, description: description || null });
          setUrl('');
          setTypes('');
          setDescription('');
          return `Endpoint ${created.endpoint.id} created. Its signing secret, shown this once: ${created.secret}`;
        });
      }}
    >
      <label>
        URL <input id="webhook-url" type="url" required value={url} onInput={(e) => setUrl(value(e))} />
      </label>
      <label>
        Event types{' '}
        <input
          id="webhook-types"
          required
          placeholder="member.registered, points.adjusted"
          value={types}
          onInput={(e) => setTypes(value(e))}
        />
      </label>
      <label>
        Description{' '}
        <input id="webhook-description" value={description} onInput={(e) => setDescription(value(e))} />
      </label>
      <button type="submit">Add endpoint</button>
    </form>
  );
}

function EndpointRow(props: {
  api: Api;
  endpoint: Endpoint;
  act: (question: string | null, work: () => Promise<string>) => void;
  selected: boolean;
  select: () => void;
}) {
  const { api, endpoint: e, act, selected, select } = props;
  const [reason, setReason] = useState('');
  return (
    <li class={`endpoint ${e.status.toLowerCase()}`} data-endpoint={e.id}>
      <p>
        <strong>{e.url}</strong>{' '}
        <span class={`badge ${e.status === 'ACTIVE' ? 'active' : 'closed'}`}>{e.status}</span>
        {e.description && <span> · {e.description}</span>}
      </p>
      <p class="meta">
        Events: {e.eventTypes.join(', ')} · failures in a row: {e.consecutiveFailures}
        {e.pausedReason && ` · paused: ${e.pausedReason}`}
        {e.previousSecretExpiresAt && ` · previous secret valid until ${moment(e.previousSecretExpiresAt)}`}
      </p>
      <div class="endpoint-actions">
        <button type="button" class="deliveries" aria-pressed={selected} onClick={select}>
          Deliveries
        </button>
        {e.status === 'ACTIVE' ? (
          <form
            class="pause"
            onSubmit={(event) => {
              event.preventDefault();
              act(`Pause deliveries to ${e.url}?`, () =>
                pauseEndpoint(api, e.id, reason).then(() => 'Paused; deliveries queue up'),
              );
            }}
          >
            <label>
              Why pause{' '}
              <input class="pause-reason" required value={reason} onInput={(ev) => setReason(value(ev))} />
            </label>
            <button type="submit">Pause</button>
          </form>
        ) : (
          <button
            type="button"
            class="resume"
            onClick={() => act(null, () => resumeEndpoint(api, e.id).then(() => 'Resumed'))}
          >
            Resume
          </button>
        )}
        <button
          type="button"
          class="rotate"
          onClick={() =>
            act(`Rotate the signing secret of ${e.url}? The old one keeps signing for 24 hours.`, () =>
              rotateSecret(api, e.id).then((secret) => `New signing secret, shown this once: ${secret}`),
            )
          }
        >
          Rotate secret
        </button>
        <button
          type="button"
          class="delete danger"
          onClick={() =>
            act(`Delete ${e.url} and its delivery log?`, () =>
              deleteEndpoint(api, e.id).then(() => 'Deleted'),
            )
          }
        >
          Delete
        </button>
      </div>
    </li>
  );
}

/** Admins only: partner endpoints receiving activity events, their delivery log, replays. */
function WebhooksAdmin({ api }: { api: Api }) {
  const [list, setList] = useState<Endpoint[] | null>(null);
  const [message, setMessage] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const load = () => endpoints(api).then(setList, (e: Error) => setMessage(e.message));
  useEffect(() => void load(), []);
  const act = (question: string | null, work: () => Promise<string>) => {
    if (question && !confirm(question)) return;
    work().then(
      (text) => {
        setMessage(text);
        void load();
        setVersion((v) => v + 1);
      },
      (error: Error) => setMessage(error.message),
    );
  };
  return (
    <div>
      <p id="webhook-message" role="status" class="result">
        {message}
      </p>
      <CreateForm api={api} onCreated={(work) => act(null, work)} />
      {list && list.length === 0 && <p class="empty">No endpoint yet</p>}
      <ul class="endpoints">
        {list?.map((e) => (
          <EndpointRow
            key={e.id}
            api={api}
            endpoint={e}
            act={act}
            selected={selected === e.id}
            select={() => setSelected(e.id)}
          />
        ))}
      </ul>
      {selected && (
        <section class="card" id="webhook-deliveries" aria-labelledby="webhook-deliveries-title">
          <h3 id="webhook-deliveries-title">Deliveries to endpoint {selected}</h3>
          <button type="button" onClick={() => setVersion((v) => v + 1)}>
            Refresh
          </button>
          <PagedTable<Delivery>
            caption="Deliveries"
            load={deliveryPages(api, selected)}
            version={`${selected}:${version}`}
            rowKey={(d) => d.id}
            columns={[
              ['Queued', (d) => moment(d.createdAt)],
              ['Event', (d) => `${d.eventType} #${d.eventId}`],
              ['Status', (d) => d.status],
              ['Attempts', (d) => String(d.attempts)],
              ['Last answer', (d) => (d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : (d.lastError ?? '–'))],
              [
                'Next',
                (d) => (d.deliveredAt ? `delivered ${moment(d.deliveredAt)}` : moment(d.nextAttemptAt)),
              ],
              [
                '',
                (d) =>
                  d.replayable && (
                    <button
                      type="button"
                      class="replay"
                      onClick={() =>
                        act(`Send ${d.eventType} #${d.eventId} again?`, () =>
                          replayDelivery(api, d.id).then(() => 'Queued again'),
                        )
                      }
                    >
                      Replay
                    </button>
                  ),
              ],
            ]}
          />
        </section>
      )}
    </div>
  );
}

export function mountWebhooksAdmin(host: HTMLElement, api: Api): void {
  render(<WebhooksAdmin api={api} />, host);
}
