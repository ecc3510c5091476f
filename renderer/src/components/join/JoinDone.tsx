import { DataText } from '../DataText.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { MemberCardQr } from './MemberCardQr.js';

export function JoinDone({ memberId, name, points, hasFace, onBack }: { memberId: string; name: string; points: number; hasFace: boolean; onBack(): void }) {
  const { t, number } = useI18n();
  return (
    <div className="kiosk-card" data-testid="join-done" data-face={hasFace}>
      <h1>
        <DataText text={t('join.done.title', { name })} data={[name]} />
      </h1>
      <p>{hasFace ? t('join.done.withFace') : t('join.done.withoutFace')}</p>
      <p className="muted">{t('join.done.points', { points: number(points) })}</p>
      <MemberCardQr memberId={memberId} />
      <button type="button" className="button button-big button-primary" onClick={onBack} data-testid="join-back">
        {t('join.done.back')}
      </button>
    </div>
  );
}
