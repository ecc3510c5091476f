import { useCall } from '../../hooks/use-call.js';
import { presetName } from '../../i18n/errors/domain-names.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { ErrorNotice } from '../ErrorNotice.js';
import { Loading } from '../Loading.js';

/** The tier and points rules in force (set per chain; shown here so staff can explain them). */
export function RulesView() {
  const { t, money, locale, dateTime } = useI18n();
  const { state, reload } = useCall('loyalty.getRules', {});
  if (state.status === 'loading' || state.status === 'idle') return <Loading />;
  if (state.status === 'error') return <ErrorNotice error={state.error} onRetry={reload} />;
  const { rules, preset, isCustom, hqVersion, scheduledHqVersions, refusedHqVersions } = state.value;
  return (
    <section data-testid="manager-rules">
      <p className="muted">
        {t('rules.preset', { preset: presetName(locale, preset) })}
        {isCustom ? t('rules.custom') : null}
      </p>
      {/* Issue 13: a version published by HQ replaces the configured preset once it starts. */}
      <p className="muted" data-testid="rules-hq-version">
        {hqVersion ? t('rules.hqVersion', { version: hqVersion.version, since: dateTime(hqVersion.startsAt) }) : t('rules.hqNone')}
      </p>
      {scheduledHqVersions.map((v) => (
        <p key={v.version} className="muted" data-testid="rules-hq-scheduled">
          {t('rules.hqScheduled', { version: v.version, from: dateTime(v.startsAt) })}
        </p>
      ))}
      {refusedHqVersions.slice(0, 3).map((v) => (
        <p key={v.version} className="notice notice-warn" data-testid="rules-hq-refused">
          {t('rules.hqRefused', { version: v.version, message: v.message })}
        </p>
      ))}
      <table className="table" data-testid="rules-tiers">
        <thead>
          <tr>
            <th>{t('rules.col.tier')}</th>
            <th>{t('rules.col.threshold')}</th>
            <th>{t('rules.col.earn')}</th>
            <th>{t('rules.col.redeem')}</th>
            <th>{t('rules.col.benefits')}</th>
          </tr>
        </thead>
        <tbody>
          {rules.tiers.map((tier) => {
            const conditions = [
              tier.spendAboveFen !== null ? t('rules.spendAbove', { amount: money(tier.spendAboveFen) }) : null,
              tier.minVisits !== null ? t('rules.visits', { visits: tier.minVisits }) : null,
            ].filter((c): c is string => c !== null);
            return (
              <tr key={tier.id}>
                <td>{tier.name[locale]}</td>
                <td>{conditions.length > 0 ? conditions.join(t('rules.or')) : t('rules.entry')}</td>
                <td>{`${(tier.earnPercent / 100).toFixed(2).replace(/\.?0+$/, '')}×`}</td>
                <td>{money(tier.redeemFenPer100Points)}</td>
                <td>{tier.benefits.map((b) => b.name[locale]).join(' · ') || '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <ul className="list">
        <li>{t('rules.points', { points: rules.points.pointsPerYuan, months: rules.points.expiryMonths, min: rules.points.minRedeemPoints })}</li>
        <li>{t('rules.checkin', { points: rules.checkin.points, days: rules.checkin.streakMinDays, percent: rules.checkin.streakPercent })}</li>
        <li>{t('rules.birthday', { points: rules.birthday.bonusPoints })}</li>
        <li>{t('rules.churn', { days: rules.churn.inactiveDays, hours: rules.churn.followupHours })}</li>
      </ul>
    </section>
  );
}
