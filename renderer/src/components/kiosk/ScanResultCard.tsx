import type { ScanResult } from '../../screens/Kiosk/kiosk-types.js';
import { useI18n } from '../../i18n/i18n-context.js';

export function ScanResultCard({ result, onDone }: { result: ScanResult; onDone(): void }) {
  const { t } = useI18n();
  return (
    <div className="kiosk-card" data-testid="scan-result" data-checked-in={result.isCheckedIn} data-code={result.code ?? ''}>
      {result.isCheckedIn && result.displayName ? <h1>{t('kiosk.greeting', { name: result.displayName })}</h1> : null}
      <h2 className={result.isCheckedIn ? 'checkin-title' : ''}>{result.isCheckedIn ? t('kiosk.checkin.done') : t('kiosk.qr.notFound')}</h2>
      <p className="muted">{result.message}</p>
      <button type="button" className="button button-big button-primary" onClick={onDone} data-testid="kiosk-finish">
        {t('kiosk.finish')}
      </button>
    </div>
  );
}
