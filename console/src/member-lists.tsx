import { useState } from 'preact/hooks';
import type { Api } from './api';
import { day, money, moment } from './format';
import {
  couponPages,
  feedbackPages,
  ledgerPages,
  lotPages,
  orderPages,
  redemptionPages,
  type CouponRow,
  type FeedbackRow,
  type LedgerRow,
  type LotRow,
  type MemberSummary,
  type OrderRow,
  type RedemptionRow,
} from './member-operations';
import { PagedTable } from './paged-table';

interface ListProps {
  api: Api;
  member: MemberSummary;
  currency: string;
  version: unknown;
}

const LEDGER_TYPES = [
  'EARN',
  'SPEND',
  'ADJUST',
  'EXPIRE',
  'REVERSE',
  'HOLD',
  'RELEASE',
  'UNLOCK',
  'TRANSFER',
];

/** The balance with pending, held, debt and the next expiry; the lots behind it, paged. */
export function BalanceCard({ api, member: m, version }: ListProps) {
  const p = m.points;
  return (
    <section class="card" id="balance" aria-labelledby="balance-title">
      <h3 id="balance-title">Balance and lots</h3>
      <p class="balance">
        {p.available} available · {p.pending} pending · {p.held} held · debt {p.debt}
      </p>
      <p>
        {p.nextExpiry
          ? `Next expiry: ${p.nextExpiry.points} points on ${day(p.nextExpiry.expiresAt)}`
          : 'No points due to expire'}
      </p>
      <p>
        Can afford now:{' '}
        {m.affordableRewards.map((r) => `${r.name} (${r.pointsPrice})`).join(', ') || 'nothing yet'}
      </p>
      <PagedTable<LotRow>
        caption="Lots"
        load={lotPages(api, m.id)}
        version={version}
        rowKey={(r) => r.id}
        columns={[
          ['Earned', (r) => moment(r.earnedAt)],
          ['Remaining', (r) => `${r.remaining}/${r.points}`],
          ['Status', (r) => r.status],
          ['Expires', (r) => day(r.expiresAt)],
        ]}
      />
    </section>
  );
}

/** Every ledger entry with its explanation, newest first, filterable by type. */
export function LedgerCard({ api, member: m, version }: ListProps) {
  const [types, setTypes] = useState<string[]>([]);
  return (
    <section class="card" id="ledger" aria-labelledby="ledger-title">
      <h3 id="ledger-title">Ledger</h3>
      <fieldset class="ledger-filter">
        <legend>Show entry types</legend>
        {LEDGER_TYPES.map((type) => (
          <label key={type} class="check">
            <input
              type="checkbox"
              name="ledger-type"
              value={type}
              checked={types.includes(type)}
              onChange={(e) =>
                setTypes((now) =>
                  (e.target as HTMLInputElement).checked ? [...now, type] : now.filter((t) => t !== type),
                )
              }
            />
            {type}
          </label>
        ))}
      </fieldset>
      <PagedTable<LedgerRow>
        caption="Ledger entries"
        load={ledgerPages(api, m.id, types)}
        version={`${String(version)}:${types.join(',')}`}
        rowKey={(r) => r.id}
        columns={[
          ['When', (r) => moment(r.createdAt)],
          ['Type', (r) => r.type],
          ['Points', (r) => (r.points > 0 ? `+${r.points}` : String(r.points))],
          ['After', (r) => String(r.availableAfter)],
          [
            'Why',
            (r) =>
              `${r.reason} — ${r.explanation.summary}${r.source.staffUserId ? ` (by ${r.source.staffUserId})` : ''}`,
          ],
        ]}
      />
    </section>
  );
}

/** Orders with their refunds and the points they moved. */
export function OrdersCard({ api, member: m, version }: ListProps) {
  return (
    <section class="card" id="orders" aria-labelledby="orders-title">
      <h3 id="orders-title">Orders and refunds</h3>
      <PagedTable<OrderRow>
        caption="Orders"
        load={orderPages(api, m.id)}
        version={version}
        rowKey={(r) => r.id}
        columns={[
          ['Purchased', (r) => moment(r.purchasedAt)],
          ['Order', (r) => `${r.channel} ${r.externalId}`],
          ['Total', (r) => money(r.totalMinor, r.currency)],
          ['Points', (r) => `+${r.pointsEarned}${r.pointsReversed ? ` / −${r.pointsReversed}` : ''}`],
          ['Status', (r) => r.status],
          [
            'Refunds',
            (r) =>
              r.refunds.length
                ? r.refunds
                    .map((f) => `${f.kind} ${money(f.amountMinor, r.currency)} on ${day(f.createdAt)}`)
                    .join('; ')
                : '–',
          ],
        ]}
      />
    </section>
  );
}

/** Redemptions and the coupons they (or birthdays and member days) issued. */
export function RewardsCard({
  api,
  member: m,
  version,
  extra,
  couponActions,
}: ListProps & {
  extra?: (r: RedemptionRow) => preact.ComponentChild;
  /** Buttons on a coupon row, given the reason typed above the coupons (void, re-issue). */
  couponActions?: (c: CouponRow, reason: string) => preact.ComponentChild;
}) {
  const [reason, setReason] = useState('');
  return (
    <section class="card" id="rewards" aria-labelledby="rewards-title">
      <h3 id="rewards-title">Redemptions and coupons</h3>
      <h4>Redemptions</h4>
      <PagedTable<RedemptionRow>
        caption="Redemptions"
        load={redemptionPages(api, m.id)}
        version={version}
        rowKey={(r) => r.id}
        columns={[
          ['Redeemed', (r) => moment(r.redeemedAt)],
          ['Reward', (r) => r.reward.name],
          ['Points', (r) => String(r.pointsSpent)],
          ['Status', (r) => `${r.status}${r.fulfilmentStatus ? ` · ${r.fulfilmentStatus}` : ''}`],
          ['Coupon', (r) => (r.coupon ? `${r.coupon.code} (${r.coupon.status})` : '–')],
          ...(extra ? [['', extra] as [string, (r: RedemptionRow) => preact.ComponentChild]] : []),
        ]}
      />
      <h4>Coupons</h4>
      {couponActions && (
        <div class="field">
          <label for="coupon-reason">Reason to void or re-issue a coupon (audited)</label>
          <input
            id="coupon-reason"
            minLength={3}
            maxLength={255}
            value={reason}
            onInput={(e) => setReason((e.target as HTMLInputElement).value)}
          />
        </div>
      )}
      <PagedTable<CouponRow>
        caption="Coupons"
        load={couponPages(api, m.id)}
        version={version}
        rowKey={(r) => r.id}
        columns={[
          ['Code', (r) => <code>{r.code}</code>],
          ['Reward', (r) => r.reward.name],
          ['From', (r) => r.source],
          ['Status', (r) => r.status],
          [
            'Re-issue',
            (r) =>
              r.replacedBy ? (
                <>
                  replaced by <code>{r.replacedBy.code}</code>
                </>
              ) : r.replaces ? (
                <>
                  replaces <code>{r.replaces.code}</code>
                </>
              ) : (
                '–'
              ),
          ],
          ['Valid until', (r) => day(r.validUntil)],
          ...(couponActions
            ? [
                ['', (r: CouponRow) => couponActions(r, reason)] as [
                  string,
                  (r: CouponRow) => preact.ComponentChild,
                ],
              ]
            : []),
        ]}
      />
    </section>
  );
}

/** What the member told us: NPS, CSAT and CES scores and their words. */
export function FeedbackCard({ api, member: m, version }: ListProps) {
  return (
    <section class="card" id="feedback" aria-labelledby="feedback-title">
      <h3 id="feedback-title">Feedback</h3>
      <PagedTable<FeedbackRow>
        caption="Feedback answers"
        load={feedbackPages(api, m.id)}
        version={version}
        rowKey={(r) => r.id}
        columns={[
          ['When', (r) => moment(r.submittedAt)],
          ['Survey', (r) => r.survey.title],
          [
            'Scores',
            (r) =>
              [
                r.npsScore === null ? null : `NPS ${r.npsScore}`,
                r.csatScore === null ? null : `CSAT ${r.csatScore}`,
                r.cesScore === null ? null : `CES ${r.cesScore}`,
              ]
                .filter(Boolean)
                .join(' · ') || '–',
          ],
          ['Said', (r) => r.suggestion ?? '–'],
        ]}
      />
    </section>
  );
}
