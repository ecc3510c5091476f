import { useI18n } from '../../i18n/i18n-context.js';

/** The scanner does the work (keyboard wedge or HID); this only tells the member where to hold the code. */
export function QrPrompt({ problem, onCancel }: { problem: 'not-found' | null; onCancel(): void }) {
  const { t } = useI18n();
  return (
    <div className="kiosk-card" data-testid="qr-prompt">
      <h2>{t('kiosk.qr.title')}</h2>
      <p>{t('kiosk.qr.hint')}</p>
      {problem === 'not-found' ? <p className="notice notice-warn">{t('kiosk.qr.notFound')}</p> : null}
      <button type="button" className="button button-big" onClick={onCancel} data-testid="qr-cancel">
        {t('common.back')}
      </button>
    </div>
  );
}
