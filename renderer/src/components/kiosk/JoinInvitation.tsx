import { useI18n } from '../../i18n/i18n-context.js';

/** For a face the engine does not know: an invitation, never a guess at someone's name. */
export function JoinInvitation({ onJoin }: { onJoin(): void }) {
  const { t } = useI18n();
  return (
    <div className="kiosk-card" data-testid="kiosk-unknown">
      <h1>{t('kiosk.unknown.title')}</h1>
      <p>{t('kiosk.unknown.body')}</p>
      <button type="button" className="button button-big button-primary" onClick={onJoin} data-testid="kiosk-join">
        {t('kiosk.unknown.join')}
      </button>
      <p className="muted">{t('kiosk.unknown.member')}</p>
    </div>
  );
}
