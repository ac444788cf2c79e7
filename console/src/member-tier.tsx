import type { Api } from './api';
import { moment, tierBars, tierSentences } from './format';
import { tierHistoryPages, type MemberSummary, type TierChangeRow } from './member-operations';
import { PagedTable } from './paged-table';

/** The tier, progress as bars and plain sentences, and the paged history of changes. */
export function TierCard(props: { api: Api; member: MemberSummary; currency: string; version: unknown }) {
  const { api, member: m, currency, version } = props;
  const progress = m.tierProgress;
  const bars = progress ? tierBars(progress.figures, progress.missingForNext, currency) : [];
  return (
    <section class="card" id="tier" aria-labelledby="tier-title">
      <h3 id="tier-title">Tier and progress</h3>
      <p>
        <strong>{m.tier?.tier.name ?? 'No tier'}</strong>
        {m.tier?.manual ? ` (assigned: ${m.tier.manualReason ?? 'no reason given'})` : ''}
        {m.tier?.since ? ` since ${moment(m.tier.since)}` : ''}
      </p>
      {bars.length > 0 && progress?.next && (
        <div class="bars" aria-label={`Progress towards ${progress.next.name}`}>
          {bars.map((bar) => (
            <div class="bar" key={bar.label}>
              <label>
                {bar.label} towards {progress.next!.name}
                <progress value={bar.value} max={Math.max(bar.max, 1)}>
                  {bar.text}
                </progress>
              </label>
              <small>{bar.text}</small>
            </div>
          ))}
        </div>
      )}
      {tierSentences(progress, currency).map((sentence) => (
        <p class="progress" key={sentence}>
          {sentence}
        </p>
      ))}
      <h4>History</h4>
      <PagedTable<TierChangeRow>
        caption="Tier changes"
        load={tierHistoryPages(api, m.id)}
        version={version}
        rowKey={(r) => r.id}
        columns={[
          ['When', (r) => moment(r.at)],
          ['Change', (r) => `${r.from?.name ?? '–'} → ${r.to.name}`],
          ['Why', (r) => `${r.reason}${r.note ? `: ${r.note}` : ''}`],
          ['By', (r) => r.changedBy ?? 'system'],
        ]}
      />
    </section>
  );
}
