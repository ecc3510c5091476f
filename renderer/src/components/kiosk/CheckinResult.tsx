import type { CheckinSummary } from './kiosk-types.js';
import { useI18n } from '../../i18n/i18n-context.js';

export function CheckinResult({ summary }: { summary: CheckinSummary }) {
  const { t } = useI18n();
  return (
    <div className="checkin-result" data-testid="checkin-result" data-already={summary.isAlreadyCheckedIn}>
      <h2 className="checkin-title">{summary.isAlreadyCheckedIn ? t('kiosk.checkin.already') : t('kiosk.checkin.done')}</h2>
      <div className="row">
        {summary.pointsEarned > 0 ? (
          <span className="points-earned" data-testid="checkin-points">
            {t('kiosk.checkin.pointsEarned', { points: summary.pointsEarned })}
          </span>
        ) : null}
        {summary.streakDays > 1 ? (
          <span className="badge badge-ok" data-testid="checkin-streak">
            {t('kiosk.checkin.streak', { days: summary.streakDays })}
          </span>
        ) : null}
        <span className="muted" data-testid="checkin-balance">
          {t('kiosk.checkin.balance', { points: summary.pointsBalance })}
        </span>
      </div>
    </div>
  );
}
