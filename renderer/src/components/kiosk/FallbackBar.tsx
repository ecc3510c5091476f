import { useI18n } from '../../i18n/i18n-context.js';

/** Face recognition is never the only way in: these two stay on screen in every kiosk state. */
export function FallbackBar({ onPhone, onQr }: { onPhone(): void; onQr(): void }) {
  const { t } = useI18n();
  return (
    <div className="fallback-bar" data-testid="fallback-bar">
      <button type="button" className="button button-big" onClick={onPhone} data-testid="fallback-phone">
        {t('kiosk.fallback.phone')}
      </button>
      <button type="button" className="button button-big" onClick={onQr} data-testid="fallback-qr">
        {t('kiosk.fallback.qr')}
      </button>
    </div>
  );
}
