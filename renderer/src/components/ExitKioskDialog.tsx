import { useEffect, useState } from 'react';
import type { ErrorInfo } from '../../../electron/contract/index.js';
import { useEvent, useInvoke } from '../hooks/use-call.js';
import { useI18n } from '../i18n/i18n-context.js';
import { ErrorNotice } from './ErrorNotice.js';
import { StaffGate } from './staff/StaffGate.js';

/** A request older than this (replayed on connect) is not someone standing at the kiosk now. */
const FRESH_MS = 15_000;

/**
 * The kiosk shell's hidden staff-exit chord arrives as ops.exitRequested: a manager signs in here
 * and leaves the kiosk shell with ops.exitKiosk (the services allow it only for a manager).
 */
export function ExitKioskDialog() {
  const { t } = useI18n();
  const invoke = useInvoke();
  const request = useEvent('ops.exitRequested');
  const [isOpen, setOpen] = useState(false);
  const [isExiting, setExiting] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  useEffect(() => {
    if (request && Date.now() - Date.parse(request.at) < FRESH_MS) setOpen(true);
  }, [request]);
  if (!isOpen) return null;
  const exit = async () => {
    const envelope = await invoke('ops.exitKiosk', {});
    if (envelope.ok) setExiting(envelope.value.exiting);
    else setError(envelope.error);
  };
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-label={t('exit.title')} data-testid="exit-dialog">
      <div className="panel narrow">
        <h2>{t('exit.title')}</h2>
        <p>{t('exit.body')}</p>
        <StaffGate role="manager">
          <button type="button" className="button button-primary" onClick={() => void exit()} disabled={isExiting} data-testid="exit-confirm">
            {isExiting ? t('exit.exiting') : t('exit.confirm')}
          </button>
        </StaffGate>
        {error ? <ErrorNotice error={error} /> : null}
        <button type="button" className="button" onClick={() => setOpen(false)} data-testid="exit-cancel">
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}
