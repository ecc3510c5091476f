import { useState } from 'react';
import { useCall } from '../../hooks/use-call.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { BarChart } from '../charts/BarChart.js';
import { LineChart } from '../charts/LineChart.js';
import { ErrorNotice } from '../ErrorNotice.js';
import { Loading } from '../Loading.js';

const PERIODS = ['day', 'week', 'month'] as const;

export function DashboardView() {
  const { t, money, number, percent, localDate } = useI18n();
  const [period, setPeriod] = useState<(typeof PERIODS)[number]>('week');
  const { state, reload } = useCall('dashboard.get', { period }, period);
  const overview = useCall('manager.dataOverview', {});
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
            <div className="fact"><dt>{t('dashboard.activeMembers')}</dt><dd data-testid="kpi-active">{number(state.value.activeMembers)}</dd></div>
            <div className="fact"><dt>{t('dashboard.checkins')}</dt><dd>{number(state.value.checkins)}</dd></div>
            <div className="fact"><dt>{t('dashboard.purchases')}</dt><dd>{number(state.value.purchases)}</dd></div>
            <div className="fact"><dt>{t('dashboard.revenue')}</dt><dd>{money(state.value.revenueFen)}</dd></div>
            <div className="fact"><dt>{t('dashboard.averageTicket')}</dt><dd>{money(state.value.averageTicketFen)}</dd></div>
            <div className="fact"><dt>{t('dashboard.repurchaseRate')}</dt><dd>{percent(state.value.repurchaseRate)}</dd></div>
            <div className="fact"><dt>{t('dashboard.churnRate')}</dt><dd>{percent(state.value.churnRate)}</dd></div>
          </dl>
          <div className="grid-2">
            <BarChart testId="chart-checkins-hour" title={t('dashboard.checkinsPerHour')} values={state.value.checkinsPerHour} labels={state.value.checkinsPerHour.map((_, h) => String(h))} />
            <LineChart
              testId="chart-revenue"
              title={t('dashboard.revenueSeries')}
              values={state.value.series.map((s) => s.revenueFen)}
              labels={state.value.series.map((s) => localDate(s.date))}
              formatValue={money}
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
