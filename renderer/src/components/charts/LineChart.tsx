import { niceMax, polylinePoints } from './chart-scale.js';

export function LineChart({ values, labels, title, formatValue, testId }: { values: number[]; labels: string[]; title: string; formatValue(v: number): string; testId: string }) {
  const width = 480;
  const height = 140;
  const top = niceMax(Math.max(0, ...values));
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height + 18}`} role="img" aria-label={title}>
        <line x1={0} y1={height} x2={width} y2={height} className="chart-axis" />
        <polyline points={polylinePoints(values, width, height, top)} className="chart-line" />
        <text x={4} y={12} className="chart-label">
          {formatValue(top)}
        </text>
        {labels.length > 0 ? (
          <>
            <text x={0} y={height + 14} className="chart-label">
              {labels[0]}
            </text>
            <text x={width} y={height + 14} className="chart-label" textAnchor="end">
              {labels[labels.length - 1]}
            </text>
          </>
        ) : null}
      </svg>
    </figure>
  );
}
