import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Api } from './api';
import type { ActivityEvent } from './feed';
import { moment } from './format';
import { cancelRedemption, reissueCoupon, voidCoupon } from './action-operations';
import { ActionsCard, useActionRunner, type Role } from './member-actions';
import { AuditTrailCard } from './member-audit';
import { InsightCard, RecommendationsCard } from './member-insight';
import { BalanceCard, FeedbackCard, LedgerCard, OrdersCard, RewardsCard } from './member-lists';
import { memberSummary, type MemberSummary } from './member-operations';
import { ProfileCard, StatusHistory } from './member-profile';
import { TierCard } from './member-tier';

export interface MemberViewProps {
  api: Api;
  id: string;
  open: (id: string) => void;
  /** Who is looking: the role decides which actions are offered; `me` finds their audit entries. */
  role: Role;
  me: string;
  /** Registers a listener on the live feed; returns how to stop listening. */
  subscribe: (listener: (event: ActivityEvent) => void) => () => void;
}

const LIVE_SHOWN = 20;

/**
 * The member 360: one summary query for the cards, one paged query per list. Events of this member
 * arriving on the live feed are listed at the top and reload the view (once per burst), so what the
 * agent reads is never older than the feed.
 */
function Member360({ api, id, open, role, me, subscribe }: MemberViewProps) {
  const [data, setData] = useState<{ member: MemberSummary; currency: string } | null>(null);
  const [error, setError] = useState('');
  const [version, setVersion] = useState(0);
  const [live, setLive] = useState<ActivityEvent[]>([]);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const { run, outcome } = useActionRunner(api, me, () => setVersion((v) => v + 1));

  useEffect(() => {
    memberSummary(api, id).then(setData, (e: Error) => setError(e.message));
  }, [id, version]);
  useEffect(
    () =>
      subscribe((event) => {
        if (event.memberId !== id) return;
        setLive((shown) => [event, ...shown].slice(0, LIVE_SHOWN));
        if (pending.current) clearTimeout(pending.current);
        pending.current = setTimeout(() => setVersion((v) => v + 1), 250);
      }),
    [id],
  );

  if (error) return <p class="error">{error}</p>;
  if (!data) return <p>Loading member {id}…</p>;
  const { member: m, currency } = data;
  const name = [m.firstName, m.lastName].filter(Boolean).join(' ') || '(no name)';
  const props = { api, member: m, currency, version };
  return (
    <div class="member-360" data-version={version}>
      <h3 id="member-title">
        #{m.id} {name} · {m.status}
      </h3>
      <section class="card" id="member-live" aria-labelledby="member-live-title">
        <h3 id="member-live-title">Live activity of this member</h3>
        {live.length === 0 ? (
          <p class="empty">Nothing since you opened the member; new events appear here.</p>
        ) : (
          <ol class="member-events" aria-live="polite">
            {live.map((event) => (
              <li key={event.id} data-type={event.type}>
                <code>{event.type}</code> {event.summary} <small>{moment(event.occurredAt)}</small>
              </li>
            ))}
          </ol>
        )}
      </section>
      <ActionsCard api={api} member={m} role={role} run={run} outcome={outcome} />
      <ProfileCard member={m} />
      <StatusHistory member={m} open={open} />
      <TierCard {...props} />
      <BalanceCard {...props} />
      <LedgerCard {...props} />
      <OrdersCard {...props} />
      <RewardsCard
        {...props}
        extra={(r) =>
          r.status === 'REDEEMED' && (
            <button
              type="button"
              class="cancel-redemption"
              onClick={() =>
                void run(
                  `Cancel the redemption of ${r.reward.name} and return ${r.pointsSpent} points?`,
                  () => cancelRedemption(api, r.id),
                )
              }
            >
              Cancel
            </button>
          )
        }
        couponActions={(c, reason) =>
          (c.status === 'ISSUED' || c.status === 'EXPIRED') && (
            <span class="coupon-actions">
              {c.status === 'ISSUED' && (
                <button
                  type="button"
                  class="void-coupon"
                  disabled={reason.trim().length < 3}
                  onClick={() =>
                    void run(`Void coupon ${c.code} of ${c.reward.name}: “${reason}”?`, () =>
                      voidCoupon(api, c.id, reason.trim(), `console-${crypto.randomUUID()}`),
                    )
                  }
                >
                  Void
                </button>
              )}
              <button
                type="button"
                class="reissue-coupon"
                disabled={reason.trim().length < 3}
                onClick={() =>
                  void run(`Re-issue coupon ${c.code} of ${c.reward.name} as a new code: “${reason}”?`, () =>
                    reissueCoupon(api, c.id, reason.trim(), `console-${crypto.randomUUID()}`),
                  )
                }
              >
                Re-issue
              </button>
            </span>
          )
        }
      />
      <FeedbackCard {...props} />
      <RecommendationsCard api={api} memberId={m.id} version={version} />
      <InsightCard member={m} currency={currency} />
      {role === 'admin' && <AuditTrailCard api={api} memberId={m.id} version={version} />}
    </div>
  );
}

export function renderMember(host: HTMLElement, props: MemberViewProps): void {
  render(<Member360 key={props.id} {...props} />, host);
}
