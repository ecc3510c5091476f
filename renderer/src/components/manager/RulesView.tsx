import { useState } from 'react';
import { useCall } from '../../hooks/use-call.js';
import { presetName } from '../../i18n/errors/domain-names.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { ErrorNotice } from '../ErrorNotice.js';
import { Loading } from '../Loading.js';
import { LocalVersions } from './rules/LocalVersions.js';
import { RulesEditor } from './rules/RulesEditor.js';

/**
 * The tier and points rules in force (shown so staff can explain them). Issue 15: at a store no HQ
 * manages, the manager edits them here (a new local version); once HQ manages them, read-only.
 */
export function RulesView() {
  const { t, money, locale, dateTime, localDate } = useI18n();
  const { state, reload } = useCall('loyalty.getRules', {});
  const editorCall = useCall('loyalty.getRulesEditor', {});
  const [isEditing, setEditing] = useState(false);
  const [applied, setApplied] = useState<{ version: number; startsOn: string } | null>(null);
  if (state.status === 'loading' || state.status === 'idle') return <Loading />;
  if (state.status === 'error') return <ErrorNotice error={state.error} onRetry={reload} />;
  const { rules, preset, isCustom, hqVersion, scheduledHqVersions, refusedHqVersions, localVersion } = state.value;
  const editor = editorCall.state.status === 'ok' ? editorCall.state.value : null;
  return (
    <section data-testid="manager-rules">
      {hqVersion === null && localVersion === null ? (
        <p className="muted" data-testid="rules-preset">
          {t('rules.preset', { preset: presetName(locale, preset) })}
          {isCustom ? t('rules.custom') : null}
        </p>
      ) : null}
      {/* Issue 13: a version published by HQ replaces the configured preset once it starts; issue 15: so does the store's own. */}
      <p className="muted" data-testid="rules-hq-version">
        {hqVersion
          ? t('rules.hqVersion', { version: hqVersion.version, since: dateTime(hqVersion.startsAt) })
          : localVersion
            ? t('rules.localVersion', { version: localVersion.version, since: dateTime(localVersion.startsAt) })
            : t('rules.hqNone')}
      </p>
      {editorCall.state.status === 'error' ? <ErrorNotice error={editorCall.state.error} onRetry={editorCall.reload} /> : null}
      {editor && !editor.canEdit ? (
        <p className="notice notice-info" data-testid="rules-managed-by-hq">
          {t('rulesEdit.managedByHq', { version: editor.hqVersion ?? 0 })}
        </p>
      ) : null}
      {editor && editor.canEdit ? (
        <div className="notice notice-info" data-testid="rules-owned-by-store">
          <div>
            <p>{t('rulesEdit.ownedByStore')}</p>
            <p className="muted">{t('rulesEdit.hqPolicy')}</p>
          </div>
          {!isEditing ? (
            <button
              type="button"
              className="button button-primary"
              onClick={() => {
                setApplied(null);
                setEditing(true);
              }}
              data-testid="rules-edit"
            >
              {t('rulesEdit.open')}
            </button>
          ) : null}
        </div>
      ) : null}
      {applied ? (
        <p className="notice notice-ok" role="status" data-testid="rules-applied" data-version={applied.version}>
          {t('rulesEdit.applied', { version: applied.version, date: localDate(applied.startsOn) })}
        </p>
      ) : null}
      {editor && editor.canEdit && isEditing ? (
        <RulesEditor
          editor={editor}
          onClose={() => setEditing(false)}
          onApplied={(result, startsOn) => {
            setApplied({ version: result.version, startsOn });
            setEditing(false);
            reload();
            editorCall.reload();
          }}
        />
      ) : null}
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
      {editor ? <LocalVersions versions={editor.localVersions} /> : null}
    </section>
  );
}
