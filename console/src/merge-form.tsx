import { useState } from 'preact/hooks';
import { mergePreview, type ActionResult, type MergePreview } from './action-operations';
import type { ActionContext } from './member-actions';

/**
 * Merge in two steps: read the duplicate and show what would move (identities, points, orders; the
 * survivor's blank profile fields are filled, consent never copied), then merge after a confirmation.
 */
export function MergeForm({
  api,
  member,
  run,
  merge,
}: ActionContext & { merge: (id: string) => Promise<ActionResult> }) {
  const [otherId, setOtherId] = useState('');
  const [preview, setPreview] = useState<MergePreview | null>(null);
  const [error, setError] = useState('');
  const look = async (event: Event) => {
    event.preventDefault();
    setError('');
    setPreview(null);
    if (otherId.trim() === member.id) return setError('That is this member');
    try {
      setPreview(await mergePreview(api, otherId.trim()));
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  const orders = preview
    ? `${preview.orders.edges.length}${preview.orders.pageInfo.hasNextPage ? '+' : ''}`
    : '';
  return (
    <div>
      <form id="merge-preview" onSubmit={(e) => void look(e)}>
        <div class="field">
          <label for="merge-other">Duplicate member id</label>
          <input
            id="merge-other"
            required
            value={otherId}
            onInput={(e) => setOtherId((e.target as HTMLInputElement).value)}
          />
        </div>
        <button type="submit">Preview the merge</button>
      </form>
      {error && <p class="error">{error}</p>}
      {preview && (
        <div class="merge-preview" id="merge-preview-result">
          <p>
            #{preview.id} {[preview.firstName, preview.lastName].filter(Boolean).join(' ') || '(no name)'} ·{' '}
            {preview.email ?? 'no email'} · {preview.status}
          </p>
          <p>
            Moves to #{member.id}: {preview.channelIdentities.length} identities (
            {preview.channelIdentities.map((i) => `${i.channel}:${i.externalId ?? '–'}`).join(', ') || 'none'}
            ), {preview.points.available} available and {preview.points.pending} pending points, {orders}{' '}
            orders and the rest of its history. #{preview.id} becomes a merged tombstone.
          </p>
          <button
            type="button"
            id="merge-confirm"
            disabled={preview.status !== 'ACTIVE' && preview.status !== 'CLOSED'}
            onClick={() =>
              void run(`Merge #${preview.id} into #${member.id}? This cannot be undone.`, () =>
                merge(preview.id),
              ).then((done) => done && setPreview(null))
            }
          >
            Merge #{preview.id} into #{member.id}
          </button>
        </div>
      )}
    </div>
  );
}
