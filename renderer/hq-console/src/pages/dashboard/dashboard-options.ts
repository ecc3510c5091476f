import type { EChartsCoreOption } from 'echarts/core';
import type { Dashboard, DashboardPoint } from '../../api/types.js';

/**
 * echarts options for the dashboard figures, as pure functions of the answer and the labels (so
 * the page stays about layout, and the labels come from the catalogue).
 */
const grid = { left: 56, right: 16, top: 36, bottom: 28, containLabel: true };
const tooltip = { trigger: 'axis' as const };

/**
 * The y axis. A chart without a value formatter counts people or visits: whole ticks only, never
 * "1.5 check-ins" (echarts splits 0–2 into halves otherwise).
 */
function valueAxis(valueFormatter: ((v: number) => string) | undefined, axisFormatter: ((v: number) => string) | undefined) {
  return { type: 'value' as const, ...(valueFormatter ? {} : { minInterval: 1 }), axisLabel: axisFormatter ? { formatter: axisFormatter } : {} };
}

function periods(series: DashboardPoint[]): string[] {
  return series.map((p) => p.period);
}

export function lineOption(series: DashboardPoint[], lines: { name: string; values: number[] }[], valueFormatter?: (v: number) => string, axisFormatter = valueFormatter): EChartsCoreOption {
  return {
    grid,
    tooltip: valueFormatter ? { ...tooltip, valueFormatter } : tooltip,
    legend: { top: 0 },
    xAxis: { type: 'category', data: periods(series), boundaryGap: false },
    yAxis: valueAxis(valueFormatter, axisFormatter),
    series: lines.map((line) => ({ type: 'line', name: line.name, data: line.values, smooth: false, symbolSize: 6 })),
  };
}

export function barOption(categories: string[], bars: { name: string; values: number[] }[], valueFormatter?: (v: number) => string, axisFormatter = valueFormatter): EChartsCoreOption {
  return {
    grid,
    tooltip: valueFormatter ? { ...tooltip, valueFormatter } : tooltip,
    legend: bars.length > 1 ? { top: 0 } : { show: false },
    xAxis: { type: 'category', data: categories },
    yAxis: valueAxis(valueFormatter, axisFormatter),
    series: bars.map((bar) => ({ type: 'bar', name: bar.name, data: bar.values, barMaxWidth: 40 })),
  };
}

/** Chart values in yuan: display only (money stays integer fen everywhere it is computed). */
export function yuanValues(fen: number[]): number[] {
  return fen.map((f) => f / 100);
}

/** The most recent period, for the headline figures above the charts. */
export function latest(dashboard: Dashboard): DashboardPoint | undefined {
  return dashboard.series.at(-1);
}
