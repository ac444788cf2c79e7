import type { MemberSummary } from './member-operations';
import { day, moment } from './format';

const text = (value: unknown) =>
  value === null || value === undefined || value === '' ? '–' : String(value);
const yesNo = (value: boolean) => (value ? 'yes' : 'no');

/** Who the member is, how to reach them and what they agreed to. */
export function ProfileCard({ member: m }: { member: MemberSummary }) {
  const prefs = m.communicationPreferences;
  return (
    <section class="card" id="profile" aria-labelledby="profile-title">
      <h3 id="profile-title">Profile, consent and identities</h3>
      <dl class="facts">
        <dt>Email</dt>
        <dd>{text(m.email)}</dd>
        <dt>Phone</dt>
        <dd>{text(m.phone)}</dd>
        <dt>Region</dt>
        <dd>{text(m.region)}</dd>
        <dt>Birthday</dt>
        <dd>{text(m.birthday)}</dd>
        <dt>Joined</dt>
        <dd>
          {moment(m.joinedAt)} through {m.joinChannel}
        </dd>
        <dt>Marketing consent</dt>
        <dd id="consent">
          {m.marketingConsent.granted ? 'granted' : 'not granted'}
          {m.marketingConsent.updatedAt ? ` (since ${day(m.marketingConsent.updatedAt)})` : ''}
        </dd>
        <dt>Channels</dt>
        <dd id="preferences">
          email {yesNo(prefs.email)} · SMS {yesNo(prefs.sms)} · push {yesNo(prefs.push)} · mail{' '}
          {yesNo(prefs.mail)}
        </dd>
      </dl>
      {m.channelIdentities.length === 0 ? (
        <p class="empty">No channel identity</p>
      ) : (
        <ul class="identities">
          {m.channelIdentities.map((identity) => (
            <li key={identity.id} data-identity={`${identity.channel}:${identity.externalId ?? ''}`}>
              <code>
                {identity.channel}:{identity.externalId ?? '–'}
              </code>{' '}
              <small>linked {moment(identity.linkedAt)}</small>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The membership's life: joined, closed (why), reactivated, merged into another, erased. */
export function StatusHistory({ member: m, open }: { member: MemberSummary; open: (id: string) => void }) {
  const events: [string, string | null, preact.ComponentChild][] = [
    ['Joined', m.joinedAt, `through ${m.joinChannel}`],
    [
      'Closed',
      m.closure?.closedAt ?? null,
      m.closure ? `${m.closure.reason}${m.closure.comment ? `: ${m.closure.comment}` : ''}` : '',
    ],
    ['Reactivated', m.reactivatedAt, ''],
    [
      'Merged',
      m.mergedInto ? '' : null,
      m.mergedInto ? (
        <button
          type="button"
          class="member-link"
          data-member={m.mergedInto.id}
          onClick={() => open(m.mergedInto!.id)}
        >
          into #{m.mergedInto.id}
        </button>
      ) : (
        ''
      ),
    ],
    ['Erased', m.erasedAt, 'personal data removed'],
  ];
  return (
    <section class="card" id="status" aria-labelledby="status-title">
      <h3 id="status-title">
        Status <span class={`badge ${m.status.toLowerCase()}`}>{m.status}</span>
      </h3>
      <ol class="history">
        {events
          .filter(([, at]) => at !== null)
          .map(([what, at, detail]) => (
            <li key={what}>
              <strong>{what}</strong> {at ? moment(at) : ''} {detail}
            </li>
          ))}
      </ol>
    </section>
  );
}
