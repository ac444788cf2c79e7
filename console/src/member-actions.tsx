import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Api } from './api';
import {
  adjustPoints,
  assignTier,
  closeMembership,
  eraseMember,
  latestAuditEntry,
  linkIdentity,
  mergeMembers,
  reactivateMembership,
  releaseTier,
  tierLadder,
  unlinkIdentity,
  type ActionResult,
  type AuditEntry,
} from './action-operations';
import { moment } from './format';
import { MergeForm } from './merge-form';
import type { MemberSummary } from './member-operations';

export type Role = 'staff' | 'admin';

const CLOSE_REASONS = [
  'DUPLICATE_ACCOUNT',
  'MOVED_AWAY',
  'NOT_ENOUGH_VALUE',
  'POOR_SERVICE',
  'PRIVACY_CONCERNS',
  'TOO_MANY_MESSAGES',
  'OTHER',
];

export interface ActionContext {
  api: Api;
  member: MemberSummary;
  /** Confirms, runs, shows the result and the audit entry, then reloads the member. */
  run: (question: string, work: () => Promise<ActionResult>) => Promise<boolean>;
}

/** A labelled field; `name` is also the id prefix, so every input has its label. */
function Field(props: { id: string; label: string; children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.children}
    </div>
  );
}

const value = (event: Event) => (event.target as HTMLInputElement).value;

function AdjustPointsForm({ api, member, run }: ActionContext) {
  const [points, setPoints] = useState('');
  const [reason, setReason] = useState('');
  // One key per intended adjustment: a double click or a retry after a timeout moves points once.
  const [key, setKey] = useState(() => crypto.randomUUID());
  const submit = async (event: Event) => {
    event.preventDefault();
    const amount = Number(points);
    const done = await run(`${amount > 0 ? 'Add' : 'Remove'} ${Math.abs(amount)} points: “${reason}”?`, () =>
      adjustPoints(api, { memberId: member.id, points: amount, reason, idempotencyKey: `console-${key}` }),
    );
    if (done) {
      setPoints('');
      setReason('');
      setKey(crypto.randomUUID());
    }
  };
  return (
    <form id="adjust-points" onSubmit={(e) => void submit(e)}>
      <Field id="adjust-points-amount" label="Points (negative to remove)">
        <input
          id="adjust-points-amount"
          type="number"
          step="1"
          required
          value={points}
          onInput={(e) => setPoints(value(e))}
        />
      </Field>
      <Field id="adjust-points-reason" label="Reason (the member may see it)">
        <input
          id="adjust-points-reason"
          required
          minLength={3}
          maxLength={200}
          value={reason}
          onInput={(e) => setReason(value(e))}
        />
      </Field>
      <button type="submit">Adjust points</button>
    </form>
  );
}

function TierForm({ api, member, run }: ActionContext) {
  const [tiers, setTiers] = useState<{ code: string; name: string }[]>([]);
  const [code, setCode] = useState('');
  const [reason, setReason] = useState('');
  useEffect(() => {
    tierLadder(api).then(
      (ladder) => {
        setTiers(ladder);
        setCode(ladder[0]?.code ?? '');
      },
      () => undefined,
    );
  }, []);
  const name = tiers.find((t) => t.code === code)?.name ?? code;
  return (
    <div>
      <form
        id="assign-tier"
        onSubmit={(e) => {
          e.preventDefault();
          void run(`Assign ${name}: “${reason}”?`, () => assignTier(api, member.id, code, reason));
        }}
      >
        <Field id="assign-tier-code" label="Tier">
          <select id="assign-tier-code" value={code} onChange={(e) => setCode(value(e))}>
            {tiers.map((t) => (
              <option key={t.code} value={t.code}>
                {t.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="assign-tier-reason" label="Reason">
          <input id="assign-tier-reason" required value={reason} onInput={(e) => setReason(value(e))} />
        </Field>
        <button type="submit" disabled={!code}>
          Assign tier
        </button>
      </form>
      {member.tier?.manual && (
        <button
          type="button"
          id="release-tier"
          onClick={() => void run('Release the assigned tier?', () => releaseTier(api, member.id))}
        >
          Release the assignment
        </button>
      )}
    </div>
  );
}

function IdentityForm({ api, member, run }: ActionContext) {
  const [channel, setChannel] = useState('');
  const [externalId, setExternalId] = useState('');
  return (
    <div>
      <form
        id="link-identity"
        onSubmit={(e) => {
          e.preventDefault();
          void run(`Link ${channel}:${externalId} to #${member.id}?`, () =>
            linkIdentity(api, member.id, channel, externalId),
          );
        }}
      >
        <Field id="link-identity-channel" label="Channel">
          <input id="link-identity-channel" required value={channel} onInput={(e) => setChannel(value(e))} />
        </Field>
        <Field id="link-identity-external" label="External id">
          <input
            id="link-identity-external"
            required
            value={externalId}
            onInput={(e) => setExternalId(value(e))}
          />
        </Field>
        <button type="submit">Link identity</button>
      </form>
      <ul class="unlink">
        {member.channelIdentities
          .filter((i) => i.externalId)
          .map((i) => (
            <li key={i.id}>
              <button
                type="button"
                onClick={() =>
                  void run(`Unlink ${i.channel}:${i.externalId} from #${member.id}?`, () =>
                    unlinkIdentity(api, member.id, i.channel, i.externalId!),
                  )
                }
              >
                Unlink {i.channel}:{i.externalId}
              </button>
            </li>
          ))}
      </ul>
    </div>
  );
}

function MembershipForm({ api, member, run, role }: ActionContext & { role: Role }) {
  const [reason, setReason] = useState(CLOSE_REASONS[0]);
  const [comment, setComment] = useState('');
  if (member.status === 'CLOSED')
    return (
      <button
        type="button"
        id="reactivate"
        onClick={() => void run(`Reactivate #${member.id}?`, () => reactivateMembership(api, member.id))}
      >
        Reactivate the membership
      </button>
    );
  return (
    <div>
      <form
        id="close-membership"
        onSubmit={(e) => {
          e.preventDefault();
          void run(`Close the membership of #${member.id} (${reason})?`, () =>
            closeMembership(api, member.id, reason, comment),
          );
        }}
      >
        <Field id="close-reason" label="Why close">
          <select id="close-reason" value={reason} onChange={(e) => setReason(value(e))}>
            {CLOSE_REASONS.map((r) => (
              <option key={r} value={r}>
                {r.toLowerCase().replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        </Field>
        <Field id="close-comment" label="Comment">
          <input id="close-comment" value={comment} maxLength={500} onInput={(e) => setComment(value(e))} />
        </Field>
        <button type="submit">Close membership</button>
      </form>
      {role === 'admin' && (
        <button
          type="button"
          id="erase-member"
          class="danger admin-only"
          onClick={() =>
            void run(`Erase every personal detail of #${member.id}? This cannot be undone.`, () =>
              eraseMember(api, member.id),
            )
          }
        >
          Erase personal data (admin)
        </button>
      )}
    </div>
  );
}

/** Confirms, runs, then shows the result and the audit entry the action left, and reloads the member. */
export function useActionRunner(api: Api, me: string, onDone: () => void) {
  const [result, setResult] = useState<{ sentence: string; error: boolean } | null>(null);
  const [audit, setAudit] = useState<AuditEntry | null>(null);
  const run = async (question: string, work: () => Promise<ActionResult>): Promise<boolean> => {
    if (!confirm(question)) return false;
    setAudit(null);
    try {
      const done = await work();
      setResult({ sentence: done.sentence, error: false });
      setAudit(await latestAuditEntry(api, me, done.auditTarget).catch(() => null));
      onDone();
      return true;
    } catch (error) {
      setResult({ sentence: (error as Error).message, error: true });
      return false;
    }
  };
  const outcome = (
    <div class="outcome">
      <p id="action-result" role="status" class={result?.error ? 'error' : 'result'}>
        {result?.sentence}
      </p>
      {audit && (
        <p id="action-audit" class="audit">
          Audited: <code>{audit.action}</code> on {audit.targetType} {audit.targetId} by {audit.actorId} (
          {audit.actorRole}), {moment(audit.createdAt)}
        </p>
      )}
    </div>
  );
  return { run, outcome };
}

/**
 * What an agent may do to the member on screen. Every action asks first, then shows its result and
 * the audit entry it left; actions the viewer's role may not take are not offered at all.
 */
export function ActionsCard(props: {
  api: Api;
  member: MemberSummary;
  role: Role;
  run: ActionContext['run'];
  outcome: ComponentChildren;
}) {
  const { api, member, role, run, outcome } = props;
  const context: ActionContext = { api, member, run };
  if (member.status === 'ERASED' || member.status === 'MERGED')
    return (
      <section class="card" id="actions" aria-labelledby="actions-title">
        <h3 id="actions-title">Actions</h3>
        <p class="empty">A {member.status.toLowerCase()} member cannot be changed.</p>
      </section>
    );
  return (
    <section class="card" id="actions" aria-labelledby="actions-title" data-role={role}>
      <h3 id="actions-title">Actions</h3>
      {outcome}
      <details>
        <summary>Adjust points</summary>
        <AdjustPointsForm {...context} />
      </details>
      <details>
        <summary>Tier</summary>
        <TierForm {...context} />
      </details>
      <details>
        <summary>Identities</summary>
        <IdentityForm {...context} />
      </details>
      <details>
        <summary>Merge a duplicate into this member</summary>
        <MergeForm {...context} merge={(mergedId) => mergeMembers(api, member.id, mergedId)} />
      </details>
      <details>
        <summary>Membership</summary>
        <MembershipForm {...context} role={role} />
      </details>
    </section>
  );
}
