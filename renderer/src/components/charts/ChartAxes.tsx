/** The y axis (gridlines with a label at each tick) and x labels shared by the small SVG charts. */
/** Room above the plot so the top tick label is not cut off. */
export const CHART = { width: 480, height: 140, gutter: 56, bottom: 18, top: 8 } as const;

export function YAxis({ ticks, format }: { ticks: number[]; format(v: number): string }) {
  const top = ticks[ticks.length - 1] ?? 1;
  return (
    <g data-testid="chart-y-axis">
      {ticks.map((tick) => {
        const y = CHART.height - (tick / top) * CHART.height;
        return (
          <g key={tick}>
            <line x1={CHART.gutter} y1={y} x2={CHART.width} y2={y} className={tick === 0 ? 'chart-axis' : 'chart-grid'} />
            <text x={CHART.gutter - 6} y={y + 4} className="chart-label" textAnchor="end" data-testid="chart-y-tick">
              {format(tick)}
            </text>
          </g>
        );
      })}
    </g>
  );
}

export function XLabels({ labels, indexes, xOf }: { labels: string[]; indexes: number[]; xOf(i: number): number }) {
  return (
    <g data-testid="chart-x-axis">
      {indexes.map((i) => (
        <text key={i} x={xOf(i)} y={CHART.height + 14} className="chart-label" textAnchor={i === 0 && indexes.length > 1 && xOf(0) <= CHART.gutter ? 'start' : i === labels.length - 1 && xOf(i) >= CHART.width ? 'end' : 'middle'}>
          {labels[i] ?? ''}
        </text>
      ))}
    </g>
  );
}
