import { useMemo, useState } from 'react';
import type { Dashboard, Grain } from '../../api/types.js';
import { useLoad } from '../../api/use-load.js';
import { EChart } from '../../components/EChart.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { Loading } from '../../components/Loading.js';
import { useChain } from '../../components/chain-context.js';
import { useConsoleI18n } from '../../i18n/console-i18n.js';
import { FaceDataPanel } from './FaceDataPanel.js';
import { barOption, latest, lineOption, yuanValues } from './dashboard-options.js';
import { DateField } from '../../../../shared/DateField.js';

const GRAINS: Grain[] = ['day', 'week', 'month'];

/** Chain dashboard: trends per day/week/month, chain-wide or one store, from HQ's rollups. */
export function DashboardPage() {
  const { t, locale, money, number, percent } = useConsoleI18n();
  const chain = useChain();
  const [storeId, setStoreId] = useState('');
  const [grain, setGrain] = useState<Grain>('day');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const query = { storeId, grain, from, to };
  const { data, error, loading, reload } = useLoad((c) => c.get<Dashboard>('/dashboard', query), JSON.stringify(query));
  const yuan = (v: number) => money(Math.round(v * 100));
  const axisYuan = (v: number) => money(Math.round(v) * 100).replace(/[.,]00$/, '');
  const pct = (v: number) => `${number(v)}%`;
  const charts = useMemo(() => {
    if (!data) return null;
    const s = data.series;
    // Tiers in the chain's order (basic → silver → gold), not the order of their ids; unknown ones last.
    const rank = (tierId: string | null) => (tierId === null || !chain.tierIds.includes(tierId) ? chain.tierIds.length : chain.tierIds.indexOf(tierId));
    const tiers = [...data.tierDistribution].sort((a, b) => rank(a.tierId) - rank(b.tierId));
    return {
      members: lineOption(s, [
        { name: t('dashboard.metric.members'), values: s.map((p) => p.members) },
        { name: t('dashboard.metric.activeMembers'), values: s.map((p) => p.activeMembers) },
      ]),
      checkIns: barOption(s.map((p) => p.period), [{ name: t('dashboard.metric.checkIns'), values: s.map((p) => p.checkIns) }]),
      revenue: barOption(s.map((p) => p.period), [{ name: t('dashboard.metric.revenue'), values: yuanValues(s.map((p) => p.revenueFen)) }], yuan, axisYuan),
      averageTicket: lineOption(s, [{ name: t('dashboard.metric.averageTicket'), values: yuanValues(s.map((p) => p.averageTicketFen)) }], yuan, axisYuan),
      rates: lineOption(
        s,
        [
          { name: t('dashboard.metric.repurchaseRate'), values: s.map((p) => Math.round(p.repurchaseRate * 1000) / 10) },
          { name: t('dashboard.metric.churnRate'), values: s.map((p) => Math.round(p.churnRate * 1000) / 10) },
        ],
        pct,
      ),
      tiers: barOption(
        tiers.map((d) => (d.tierId === null ? t('dashboard.tierUnknown') : chain.tierName(d.tierId))),
        [{ name: t('dashboard.members'), values: tiers.map((d) => d.members) }],
      ),
    };
    // t changes with the locale, and yuan/pct format in it.
  }, [data, t, chain]);
  const now = data ? latest(data) : undefined;

  return (
    <section data-testid="page-dashboard">
      <h1>{t('dashboard.title')}</h1>
      <div className="panel row console-filters">
        <label className="field">
          <span>{t('dashboard.scope')}</span>
          <select className="input" value={storeId} onChange={(e) => setStoreId(e.target.value)} data-testid="dashboard-store">
            <option value="">{t('common.allStores')}</option>
            {chain.stores.map((s) => (
              <option key={s.storeId} value={s.storeId}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <div className="field">
          <span>{t('dashboard.grain')}</span>
          <div className="row" role="group" aria-label={t('dashboard.grain')}>
            {GRAINS.map((g) => (
              <button key={g} type="button" className={g === grain ? 'chip chip-active' : 'chip'} aria-pressed={g === grain} data-testid={`grain-${g}`} onClick={() => setGrain(g)}>
                {t(`dashboard.grain.${g}`)}
              </button>
            ))}
          </div>
        </div>
        <label className="field">
          <span>{t('dashboard.from')}</span>
          <DateField value={from} onChange={setFrom} locale={locale} />
        </label>
        <label className="field">
          <span>{t('dashboard.to')}</span>
          <DateField value={to} onChange={setTo} locale={locale} />
        </label>
      </div>
      <ErrorNotice error={error} onRetry={reload} />
      {loading && !data && <Loading />}
      {data && charts && (
        <>
          {now && (
            <dl className="facts kpis panel" data-testid="dashboard-kpis">
              <div className="fact"><dt>{t('dashboard.metric.members')}</dt><dd>{number(now.members)}</dd></div>
              <div className="fact"><dt>{t('dashboard.metric.activeMembers')}</dt><dd>{number(now.activeMembers)}</dd></div>
              <div className="fact"><dt>{t('dashboard.metric.checkIns')}</dt><dd>{number(now.checkIns)}</dd></div>
              <div className="fact"><dt>{t('dashboard.metric.revenue')}</dt><dd>{money(now.revenueFen)}</dd></div>
              <div className="fact"><dt>{t('dashboard.metric.averageTicket')}</dt><dd>{money(now.averageTicketFen)}</dd></div>
              <div className="fact"><dt>{t('dashboard.metric.repurchaseRate')}</dt><dd>{percent(now.repurchaseRate)}</dd></div>
              <div className="fact"><dt>{t('dashboard.metric.churnRate')}</dt><dd>{percent(now.churnRate)}</dd></div>
            </dl>
          )}
          <div className="chart-grid">
            <EChart title={t('dashboard.chart.members')} option={charts.members} testId="chart-members" />
            <EChart title={t('dashboard.chart.checkIns')} option={charts.checkIns} testId="chart-checkins" />
            <EChart title={t('dashboard.chart.revenue')} option={charts.revenue} testId="chart-revenue" />
            <EChart title={t('dashboard.chart.averageTicket')} option={charts.averageTicket} testId="chart-average-ticket" />
            <EChart title={t('dashboard.chart.rates')} option={charts.rates} testId="chart-rates" />
            <EChart title={t('dashboard.tierDistribution')} option={charts.tiers} testId="chart-tiers" />
          </div>
          <div className="grid-2 dashboard-bottom">
            <div className="panel" data-testid="points-liability">
              <h2>{t('dashboard.pointsLiability')}</h2>
              <dl className="facts">
                <div className="fact"><dt>{t('dashboard.outstandingPoints')}</dt><dd>{number(data.pointsLiability.outstandingPoints)}</dd></div>
                <div className="fact"><dt>{t('dashboard.liabilityValue')}</dt><dd>{money(data.pointsLiability.valueFen)}</dd></div>
              </dl>
            </div>
            <FaceDataPanel faceData={data.faceData} />
          </div>
        </>
      )}
    </section>
  );
}
