import { CHART, XLabels, YAxis } from './ChartAxes.js';
import { labelIndexes, niceTicks, polylinePoints } from './chart-scale.js';

/** Above this many values the line alone is read (dots would merge). */
const MAX_DOTS = 62;

/** A small SVG line chart with a ticked y axis and evenly spread date labels. */
export function LineChart({ values, labels, title, formatValue, testId }: { values: number[]; labels: string[]; title: string; formatValue(v: number): string; testId: string }) {
  const ticks = niceTicks(Math.max(0, ...values));
  const top = ticks[ticks.length - 1] ?? 1;
  const plot = CHART.width - CHART.gutter;
  const dx = values.length > 1 ? plot / (values.length - 1) : 0;
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 -${CHART.top} ${CHART.width} ${CHART.height + CHART.bottom + CHART.top}`} role="img" aria-label={title}>
        <YAxis ticks={ticks} format={formatValue} />
        <g transform={`translate(${CHART.gutter} 0)`}>
          <polyline points={polylinePoints(values, plot, CHART.height, top)} className="chart-line" />
          {/* A dot per day (up to a month): a single day has no line to draw, and a manager still has to see it. */}
          {values.length <= MAX_DOTS
            ? values.map((v, i) => <circle key={i} cx={i * dx} cy={CHART.height - (v / top) * CHART.height} r={values.length === 1 ? 5 : 3} className="chart-dot" data-testid="chart-dot" />)
            : null}
        </g>
        <XLabels labels={labels} indexes={labelIndexes(values.length, 6)} xOf={(i) => CHART.gutter + i * dx} />
      </svg>
    </figure>
  );
}
