import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Series {
  label: string;
  values: (number | null)[];
  colour: string;
}

/**
 * One uPlot line chart over the period's buckets (x: the bucket's start), sized to its container
 * and resized with it, so it fits a phone. The figures are also in a table for screen readers.
 */
export function KpiChart(props: {
  id: string;
  title: string;
  x: Date[];
  series: Series[];
  format: (value: number) => string;
}) {
  const { id, title, x, series, format } = props;
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current!;
    const plot = new uPlot(
      {
        width: Math.max(element.clientWidth, 200),
        height: 180,
        legend: { show: true },
        axes: [{}, { values: (_u, ticks) => ticks.map(format), size: 70 }],
        series: [
          {},
          ...series.map((s) => ({ label: s.label, stroke: s.colour, width: 2, points: { show: true } })),
        ],
      },
      [x.map((date) => date.getTime() / 1000), ...series.map((s) => s.values)],
      element,
    );
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(element.clientWidth, 200), height: 180 }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [x, series]);
  const day = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
  return (
    <figure class="kpi-chart" id={id}>
      <figcaption>{title}</figcaption>
      <div class="chart" ref={host} role="img" aria-label={`${title} chart; the figures follow in a table`} />
      <details>
        <summary>Figures</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">From</th>
              {series.map((s) => (
                <th scope="col" key={s.label}>
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {x.map((date, i) => (
              <tr key={date.getTime()}>
                <td>{day.format(date)}</td>
                {series.map((s) => (
                  <td key={s.label}>{s.values[i] === null ? '–' : format(s.values[i]!)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
