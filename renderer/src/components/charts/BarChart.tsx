import { niceMax } from './chart-scale.js';

/** A small SVG bar chart (no chart library: the kiosk bundle stays small and CSP-clean). */
export function BarChart({ values, labels, title, testId }: { values: number[]; labels: string[]; title: string; testId: string }) {
  const width = 480;
  const height = 140;
  const top = niceMax(Math.max(0, ...values));
  const barWidth = width / Math.max(1, values.length);
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height + 18}`} role="img" aria-label={title}>
        <line x1={0} y1={height} x2={width} y2={height} className="chart-axis" />
        {values.map((v, i) => {
          const h = (v / top) * height;
          return (
            <g key={i}>
              <rect x={i * barWidth + 2} y={height - h} width={Math.max(1, barWidth - 4)} height={h} className="chart-bar">
                <title>{`${labels[i] ?? i}: ${v}`}</title>
              </rect>
              {i % Math.ceil(values.length / 12) === 0 ? (
                <text x={i * barWidth + barWidth / 2} y={height + 14} className="chart-label" textAnchor="middle">
                  {labels[i] ?? ''}
                </text>
              ) : null}
            </g>
          );
        })}
        <text x={4} y={12} className="chart-label">
          {top}
        </text>
      </svg>
    </figure>
  );
}
