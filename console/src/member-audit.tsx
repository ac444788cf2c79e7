import type { Api } from './api';
import { auditTrail, type AuditEntry } from './action-operations';
import { moment } from './format';
import { PagedTable } from './paged-table';

const brief = (value: unknown) => {
  if (value === null || value === undefined) return '–';
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
};

/** Admins only: every audited change on this member, by whom, newest first, paged. */
export function AuditTrailCard({ api, memberId, version }: { api: Api; memberId: string; version: unknown }) {
  return (
    <section class="card" id="audit-trail" aria-labelledby="audit-trail-title">
      <h3 id="audit-trail-title">Audit trail (admin)</h3>
      <PagedTable<AuditEntry>
        caption="Audit entries"
        load={(after) => auditTrail(api, memberId, after)}
        version={version}
        rowKey={(r) => r.id}
        columns={[
          ['When', (r) => moment(r.createdAt)],
          ['Action', (r) => <code>{r.action}</code>],
          ['By', (r) => `${r.actorId} (${r.actorRole})`],
          ['Change', (r) => brief(r.after)],
        ]}
      />
    </section>
  );
}
