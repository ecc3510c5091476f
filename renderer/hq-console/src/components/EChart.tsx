import { useEffect, useRef } from 'react';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

// Only the parts the dashboard draws (tree-shaken); the canvas renderer needs no inline styles the CSP forbids.
echarts.use([LineChart, BarChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

/** The store screens' palette (renderer/src/styles/app.css), so console charts read as the same product. */
export const CHART_COLOURS = ['#b0482b', '#2f7d4f', '#b7791f', '#1f4a72', '#6b655c', '#8a3ffc'];

/** One echarts instance per figure; re-rendered when the option changes, resized with its box. */
export function EChart({ title, option, testId }: { title: string; option: EChartsCoreOption; testId: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!box.current) return;
    const instance = echarts.init(box.current, null, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(box.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption({ color: CHART_COLOURS, animation: false, textStyle: { fontFamily: 'inherit' }, ...option }, { notMerge: true });
  }, [option]);
  return (
    <figure className="chart console-chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <div className="echart-box" ref={box} role="img" aria-label={title} />
    </figure>
  );
}
