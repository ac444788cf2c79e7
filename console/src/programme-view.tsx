import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Api } from './api';
import { money } from './format';
import { KpiChart } from './kpi-chart';
import { programmeFigures, type Kpis, type ProgrammeFigures } from './programme-operations';

const MAX_BUCKETS = 26;
const isoDay = (date: Date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
const localMidnight = (text: string) => new Date(`${text}T00:00:00`);
const percent = (value: number | null) => (value === null ? '–' : `${Math.round(value * 100)}%`);

/** The period a team lead asked for, in their time zone: [from 00:00, the day after "to" 00:00). */
function Period(props: { onChange: (from: Date, to: Date, size: 'DAY' | 'WEEK') => void; error: string }) {
  const today = new Date();
  const start = new Date(today);
  start.setDate(start.getDate() - 13);
  const [from, setFrom] = useState(isoDay(start));
  const [to, setTo] = useState(isoDay(today));
  const [size, setSize] = useState<'DAY' | 'WEEK'>('DAY');
  const submit = (event?: Event) => {
    event?.preventDefault();
    const end = localMidnight(to);
    end.setDate(end.getDate() + 1);
    props.onChange(localMidnight(from), end, size);
  };
  useEffect(() => submit(), []);
  return (
    <form id="programme-period" onSubmit={submit}>
      <label>
        From{' '}
        <input
          type="date"
          name="from"
          required
          value={from}
          onInput={(e) => setFrom((e.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        To{' '}
        <input
          type="date"
          name="to"
          required
          value={to}
          onInput={(e) => setTo((e.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        By
        <select
          name="size"
          value={size}
          onChange={(e) => setSize((e.target as HTMLSelectElement).value as 'DAY' | 'WEEK')}
        >
          <option value="DAY">day</option>
          <option value="WEEK">week</option>
        </select>
      </label>
      <button type="submit">Show</button>
      {props.error && (
        <p class="error" role="alert">
          {props.error}
        </p>
      )}
    </form>
  );
}

function Tiles({
  total,
  feedback,
  currency,
}: {
  total: Kpis;
  feedback: ProgrammeFigures['feedback'];
  currency: string;
}) {
  const tiles: [string, string][] = [
    ['New members', String(total.newMembers ?? '–')],
    ['Active members', String(total.activeMembers)],
    ['Orders', String(total.orders)],
    ['Revenue', money(total.revenueMinor, currency)],
    [
      'Average order',
      total.averageOrderValueMinor === null ? '–' : money(total.averageOrderValueMinor, currency),
    ],
    ['Points issued', total.pointsIssued.toLocaleString()],
    ['Points redeemed', total.pointsRedeemed.toLocaleString()],
    ['Points expired', total.pointsExpired.toLocaleString()],
    ['Redemption rate', percent(total.redemptionRate)],
    ['NPS', total.nps === null ? '–' : `${Math.round(total.nps)} (${total.npsResponses} answers)`],
    [
      'Promoters · passives · detractors',
      feedback ? `${feedback.promoters} · ${feedback.passives} · ${feedback.detractors}` : '–',
    ],
    ['CSAT · CES', feedback ? `${feedback.csat ?? '–'} · ${feedback.ces ?? '–'}` : '–'],
  ];
  return (
    <dl class="tiles" id="kpi-tiles">
      {tiles.map(([label, value]) => (
        <div class="tile" key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * The programme for team leads: the period's KPIs as tiles, and per day or week as charts (members,
 * orders, revenue, points issued/redeemed/expired, NPS) drawn with uPlot.
 */
function ProgrammeView({ api }: { api: Api }) {
  const [figures, setFigures] = useState<ProgrammeFigures | null>(null);
  const [currency, setCurrency] = useState('EUR');
  const [error, setError] = useState('');
  useEffect(() => {
    api.query<{ pointsPolicy: { currency: string } }>('{ pointsPolicy { currency } }').then(
      (data) => setCurrency(data.pointsPolicy.currency),
      () => undefined,
    );
  }, []);
  const load = (from: Date, to: Date, size: 'DAY' | 'WEEK') => {
    setError('');
    if (!(from < to)) return setError('"From" must be before "to"');
    const days = (to.getTime() - from.getTime()) / 86_400_000;
    if (Math.ceil(days / (size === 'DAY' ? 1 : 7)) > MAX_BUCKETS)
      return setError(
        `At most ${MAX_BUCKETS} ${size === 'DAY' ? 'days' : 'weeks'}: choose a shorter period or weeks`,
      );
    programmeFigures(api, from, to, size).then(setFigures, (e: Error) => setError(e.message));
  };
  const charts = useMemo(() => {
    if (!figures) return null;
    const x = figures.buckets.map((b) => b.from);
    const pick = (key: keyof Kpis) => figures.buckets.map((b) => b.kpis[key] as number | null);
    return { x, pick };
  }, [figures]);
  const whole = (n: number) => Math.round(n).toLocaleString();
  return (
    <div>
      <Period onChange={load} error={error} />
      {figures && charts && (
        <div id="programme-figures">
          <Tiles total={figures.total} feedback={figures.feedback} currency={currency} />
          <div class="charts">
            <KpiChart
              id="chart-members"
              title="Members"
              x={charts.x}
              format={whole}
              series={[
                { label: 'Active', values: charts.pick('activeMembers'), colour: '#1a56c4' },
                { label: 'New', values: charts.pick('newMembers'), colour: '#17693a' },
              ]}
            />
            <KpiChart
              id="chart-orders"
              title="Orders"
              x={charts.x}
              format={whole}
              series={[{ label: 'Orders', values: charts.pick('orders'), colour: '#8a5a00' }]}
            />
            <KpiChart
              id="chart-revenue"
              title="Revenue"
              x={charts.x}
              format={(minor) => money(minor, currency)}
              series={[{ label: 'Revenue', values: charts.pick('revenueMinor'), colour: '#5b2a86' }]}
            />
            <KpiChart
              id="chart-points"
              title="Points"
              x={charts.x}
              format={whole}
              series={[
                { label: 'Issued', values: charts.pick('pointsIssued'), colour: '#17693a' },
                { label: 'Redeemed', values: charts.pick('pointsRedeemed'), colour: '#1a56c4' },
                { label: 'Expired', values: charts.pick('pointsExpired'), colour: '#b3261e' },
              ]}
            />
            <KpiChart
              id="chart-nps"
              title="NPS"
              x={charts.x}
              format={whole}
              series={[{ label: 'NPS', values: charts.pick('nps'), colour: '#1d2330' }]}
            />
          </div>
        </div>
      )}
    </div>
  );
}

export function mountProgrammeView(host: HTMLElement, api: Api): void {
  render(<ProgrammeView api={api} />, host);
}
