import { CHART, XLabels, YAxis } from './ChartAxes.js';
import { labelIndexes, niceTicks } from './chart-scale.js';

/** A small SVG bar chart (no chart library: the kiosk bundle stays small and CSP-clean), with a ticked y axis. */
export function BarChart({ values, labels, title, testId, formatValue = String }: { values: number[]; labels: string[]; title: string; testId: string; formatValue?(v: number): string }) {
  const ticks = niceTicks(Math.max(0, ...values));
  const top = ticks[ticks.length - 1] ?? 1;
  const plot = CHART.width - CHART.gutter;
  const barWidth = plot / Math.max(1, values.length);
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 -${CHART.top} ${CHART.width} ${CHART.height + CHART.bottom + CHART.top}`} role="img" aria-label={title}>
        <YAxis ticks={ticks} format={formatValue} />
        {values.map((v, i) => {
          const h = (v / top) * CHART.height;
          return (
            <rect key={i} x={CHART.gutter + i * barWidth + 2} y={CHART.height - h} width={Math.max(1, barWidth - 4)} height={h} className="chart-bar">
              <title>{`${labels[i] ?? i}: ${formatValue(v)}`}</title>
            </rect>
          );
        })}
        <XLabels labels={labels} indexes={labelIndexes(values.length, 8)} xOf={(i) => CHART.gutter + i * barWidth + barWidth / 2} />
      </svg>
    </figure>
  );
}
