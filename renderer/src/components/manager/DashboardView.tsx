import { useState } from 'react';
import type { ResultOf } from '../../../../electron/contract/index.js';
import { useCall } from '../../hooks/use-call.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { BarChart } from '../charts/BarChart.js';
import { LineChart } from '../charts/LineChart.js';
import { ErrorNotice } from '../ErrorNotice.js';
import { Loading } from '../Loading.js';
import { changeOf, previousPeriodDate } from './period-comparison.js';

type Figures = ResultOf<'dashboard.get'>;
type FigureKey = 'activeMembers' | 'checkins' | 'purchases' | 'revenueFen' | 'averageTicketFen' | 'repurchaseRate' | 'churnRate';

const PERIODS = ['day', 'week', 'month'] as const;

export function DashboardView() {
  const { t, money, number, percent, localDate, locale } = useI18n();
  const [period, setPeriod] = useState<(typeof PERIODS)[number]>('week');
  const { state, reload } = useCall('dashboard.get', { period }, period);
  const overview = useCall('manager.dataOverview', {});
  const from = state.status === 'ok' ? state.value.from.slice(0, 10) : null;
  const previous = useCall('dashboard.get', { period, date: from ? previousPeriodDate(from) : undefined }, `${period}:${from ?? ''}`, from !== null);
  const prev = previous.state.status === 'ok' ? previous.state.value : null;
  // Axis labels: whole yuan, compact (¥1.2万 / ¥12K), so the ticks stay short.
  const axisMoney = (fen: number) => new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol', notation: 'compact', maximumFractionDigits: 1 }).format(fen / 100);
  return (
    <section data-testid="manager-dashboard">
      <div className="row">
        {PERIODS.map((p) => (
          <button key={p} type="button" className={p === period ? 'chip chip-active' : 'chip'} onClick={() => setPeriod(p)} data-testid={`period-${p}`}>
            {t(`dashboard.period.${p}`)}
          </button>
        ))}
      </div>
      {state.status === 'loading' || state.status === 'idle' ? <Loading /> : null}
      {state.status === 'error' ? <ErrorNotice error={state.error} onRetry={reload} /> : null}
      {state.status === 'ok' ? (
        <>
          <p className="muted">{t('dashboard.range', { from: localDate(state.value.from.slice(0, 10)), to: localDate(state.value.to.slice(0, 10)) })}</p>
          <dl className="facts kpis">
            <Kpi label={t('dashboard.activeMembers')} figure="activeMembers" current={state.value} previous={prev} format={number} testId="kpi-active" />
            <Kpi label={t('dashboard.checkins')} figure="checkins" current={state.value} previous={prev} format={number} />
            <Kpi label={t('dashboard.purchases')} figure="purchases" current={state.value} previous={prev} format={number} />
            <Kpi label={t('dashboard.revenue')} figure="revenueFen" current={state.value} previous={prev} format={money} testId="kpi-revenue" />
            <Kpi label={t('dashboard.averageTicket')} figure="averageTicketFen" current={state.value} previous={prev} format={money} />
            <Kpi label={t('dashboard.repurchaseRate')} figure="repurchaseRate" current={state.value} previous={prev} format={percent} isRate />
            <Kpi label={t('dashboard.churnRate')} figure="churnRate" current={state.value} previous={prev} format={percent} isRate />
          </dl>
          <div className="grid-2">
            <BarChart testId="chart-checkins-hour" title={t('dashboard.checkinsPerHour')} values={state.value.checkinsPerHour} labels={state.value.checkinsPerHour.map((_, h) => String(h))} />
            <LineChart
              testId="chart-revenue"
              title={t('dashboard.revenueSeries')}
              values={state.value.series.map((s) => s.revenueFen)}
              labels={state.value.series.map((s) => localDate(s.date))}
              formatValue={axisMoney}
            />
          </div>
        </>
      ) : null}
      {overview.state.status === 'ok' ? (
        <div className="panel" data-testid="data-overview">
          <h3>{t('dashboard.dataOverview')}</h3>
          <p>{t('dashboard.faceData', { count: number(overview.state.value.peopleWithFaceData), threshold: number(overview.state.value.filingThreshold) })}</p>
          {overview.state.value.mustFile ? <p className="notice notice-warn">{t('dashboard.mustFile')}</p> : null}
        </div>
      ) : null}
    </section>
  );
}

/**
 * One figure with the previous period beside it: the change as a percentage (rates: the previous
 * rate itself, since a percentage of a percentage misleads), or "previous: 0" when there is no base.
 */
function Kpi({ label, figure, current, previous, format, isRate = false, testId }: { label: string; figure: FigureKey; current: Figures; previous: Figures | null; format(v: number): string; isRate?: boolean; testId?: string }) {
  const { t, percent } = useI18n();
  const now = current[figure];
  const before = previous?.[figure];
  const change = before === undefined ? null : changeOf(now, before);
  const arrow = change?.direction === 'up' ? '▲' : change?.direction === 'down' ? '▼' : '＝';
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd data-testid={testId}>{format(now)}</dd>
      {change && before !== undefined ? (
        <dd className={`muted comparison-${change.direction}`} data-testid={testId ? `${testId}-vs` : undefined} title={t('dashboard.previousValue', { value: format(before) })}>
          {isRate || change.ratio === null
            ? t('dashboard.vsPrevious.value', { arrow, previous: format(before) })
            : t('dashboard.vsPrevious', { arrow, change: percent(Math.abs(change.ratio)), previous: format(before) })}
        </dd>
      ) : null}
    </div>
  );
}
