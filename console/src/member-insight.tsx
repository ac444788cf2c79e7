import { useEffect, useState } from 'preact/hooks';
import type { Api } from './api';
import { day, money } from './format';
import { recommendations, type MemberSummary, type Recommendations } from './member-operations';

/** RFM segment, lifecycle stage, churn risk and lifetime value, as the insight job computed them. */
export function InsightCard({ member: m, currency }: { member: MemberSummary; currency: string }) {
  const i = m.insight;
  return (
    <section class="card" id="insight" aria-labelledby="insight-title">
      <h3 id="insight-title">Lifecycle, segment and value</h3>
      {i ? (
        <dl class="facts">
          <dt>Lifecycle</dt>
          <dd>{i.lifecycleStage}</dd>
          <dt>RFM segment</dt>
          <dd>{i.segment ?? '–'}</dd>
          <dt>Churn risk</dt>
          <dd>{i.churnRisk === null ? '–' : `${Math.round(i.churnRisk * 100)}%`}</dd>
          <dt>Lifetime value</dt>
          <dd>{i.clvMinor === null ? '–' : money(i.clvMinor, currency)}</dd>
          <dt>Orders</dt>
          <dd>
            {i.orderCount}, average {money(i.averageOrderValueMinor, currency)}, last {day(i.lastOrderAt)}
          </dd>
        </dl>
      ) : (
        <p class="empty">Not computed yet (the segments job runs hourly)</p>
      )}
    </section>
  );
}

/** What the programme would suggest to this member, each with the reason it gives them. */
export function RecommendationsCard({
  api,
  memberId,
  version,
}: {
  api: Api;
  memberId: string;
  version: unknown;
}) {
  const [recs, setRecs] = useState<Recommendations | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    recommendations(api, memberId).then(setRecs, (e: Error) => setError(e.message));
  }, [memberId, version]);
  return (
    <section class="card" id="recommendations" aria-labelledby="recommendations-title">
      <h3 id="recommendations-title">Recommendations</h3>
      {error && <p class="error">{error}</p>}
      {recs && recs.products.length + recs.rewards.length === 0 && <p class="empty">None yet</p>}
      {recs && (
        <ul class="recommendations">
          {recs.rewards.map((r) => (
            <li key={`reward-${r.reward.name}`}>
              <strong>{r.reward.name}</strong> ({r.reward.pointsPrice} points) — {r.reason.text}
            </li>
          ))}
          {recs.products.map((r) => (
            <li key={`product-${r.product.sku}`}>
              <strong>{r.product.title}</strong> — {r.reason.text}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
