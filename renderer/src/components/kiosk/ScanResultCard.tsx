import type { ScanResult } from './kiosk-types.js';
import { useI18n } from '../../i18n/i18n-context.js';
import type { MessageKey } from '../../i18n/catalogue.js';

const REFUSALS: Record<string, MessageKey> = {
  MEMBER_CODE_EXPIRED: 'kiosk.scan.MEMBER_CODE_EXPIRED',
  MEMBER_CODE_INVALID: 'kiosk.scan.MEMBER_CODE_INVALID',
  MEMBER_CODE_REVOKED: 'kiosk.scan.MEMBER_CODE_REVOKED',
  MEMBER_NOT_FOUND: 'kiosk.scan.MEMBER_NOT_FOUND',
};

/** The result of a member-code scan: a greeting, or what to do instead (in the screen's language). */
export function ScanResultCard({ result, onDone }: { result: ScanResult; onDone(): void }) {
  const { t } = useI18n();
  return (
    <div className="kiosk-card" data-testid="scan-result" data-checked-in={result.isCheckedIn} data-code={result.code ?? ''}>
      {result.isCheckedIn ? (
        <>
          {result.displayName ? <h1 data-testid="scan-greeting">{t('kiosk.greeting', { name: result.displayName })}</h1> : null}
          <h2 className="checkin-title">{t('kiosk.checkin.done')}</h2>
        </>
      ) : (
        <p className="notice notice-warn" role="alert">
          {t(REFUSALS[result.code ?? ''] ?? 'kiosk.scan.other')}
        </p>
      )}
      <button type="button" className="button button-big button-primary" onClick={onDone} data-testid="kiosk-finish">
        {t('kiosk.finish')}
      </button>
    </div>
  );
}
