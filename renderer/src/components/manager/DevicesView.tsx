import { useEffect, useState } from 'react';
import type { ErrorInfo, ResultOf } from '../../../../electron/contract/index.js';
import { useCall, useEvent, useInvoke } from '../../hooks/use-call.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { DoctorCheckRow } from './DoctorCheckRow.js';
import { ErrorNotice } from '../ErrorNotice.js';
import { Loading } from '../Loading.js';
import { FaceReviewPanel } from './FaceReviewPanel.js';
import { syncOutageLines } from './sync-outage.js';

type Doctor = ResultOf<'ops.runDoctor'>;

/** Device and sync status for the manager and store IT, each with the action that helps. */
export function DevicesView() {
  const i18n = useI18n();
  const { t, dateTime, ago } = i18n;
  const invoke = useInvoke();
  const devices = useCall('devices.getStatus', {});
  const sync = useCall('sync.getStatus', {});
  const liveUpload = useEvent('sync.uploadStatus');
  const [doctor, setDoctor] = useState<Doctor | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);

  const act = async (run: () => Promise<{ ok: boolean; error?: ErrorInfo }>, done: string) => {
    const envelope = await run();
    if (envelope.ok) {
      setNotice(done);
      setError(null);
    } else if (envelope.error) setError(envelope.error);
  };
  const upload = liveUpload ?? (sync.state.status === 'ok' ? sync.state.value.upload : null);
  const isOutage = upload?.unreachableSince != null;
  // The countdown to the next attempt moves on between status events while an outage is shown.
  const nowMs = useTicker(isOutage ? 1_000 : null);
  const outage = upload ? syncOutageLines(upload, nowMs, i18n) : [];

  return (
    <section data-testid="manager-devices">
      {notice ? <p className="notice notice-ok">{notice}</p> : null}
      {error ? <ErrorNotice error={error} /> : null}
      <div className="grid-2">
        <div className="panel" data-testid="device-printer">
          <h3>{t('devices.printer')}</h3>
          {devices.state.status === 'ok' ? (
            <>
              <p data-testid="printer-state">{t('devices.printer.state', { state: t(`printer.state.${devices.state.value.printer.state}`) })}</p>
              {devices.state.value.printer.message ? <p className="muted">{devices.state.value.printer.message}</p> : null}
              <button type="button" className="button" onClick={() => void act(() => invoke('printing.testPage', {}), t('devices.printer.testQueued'))}>
                {t('devices.printer.test')}
              </button>
            </>
          ) : devices.state.status === 'error' ? (
            <ErrorNotice error={devices.state.error} onRetry={devices.reload} />
          ) : (
            <Loading />
          )}
          <h3>{t('devices.scanner')}</h3>
          {devices.state.status === 'ok' ? <p>{t(`scanner.state.${devices.state.value.scanner.state}`)}{devices.state.value.scanner.device ? ` · ${devices.state.value.scanner.device}` : ''}</p> : null}
        </div>
        <div className="panel" data-testid="device-sync">
          <h3>{t('devices.sync')}</h3>
          {sync.state.status === 'ok' && !sync.state.value.hqConfigured ? <p>{t('devices.sync.notConfigured')}</p> : null}
          {upload && sync.state.status === 'ok' && sync.state.value.hqConfigured ? (
            <ul className="list">
              <li>{t('devices.sync.pending', { count: upload.pending, ago: ago(upload.oldestPendingAgeMs ?? 0) })}</li>
              {upload.parked > 0 ? <li className="notice notice-warn">{t('devices.sync.parked', { count: upload.parked })}</li> : null}
              {outage.map((line) => (
                <li key={line.key} className="notice notice-warn" data-testid={line.key === 'devices.sync.unreachableSince' ? 'sync-unreachable' : 'sync-next-attempt'}>
                  {t(line.key, line.params)}
                </li>
              ))}
              {upload.lastSuccessAt ? <li>{t('devices.sync.lastSuccess', { at: dateTime(upload.lastSuccessAt) })}</li> : null}
              {upload.lastError ? <li className="notice notice-warn">{t('devices.sync.lastError', { error: upload.lastError })}</li> : null}
            </ul>
          ) : null}
          {sync.state.status === 'error' ? <ErrorNotice error={sync.state.error} onRetry={sync.reload} /> : null}
          <button type="button" className="button" onClick={() => void act(() => invoke('sync.syncNow', {}), t('devices.sync.now'))} data-testid="sync-now">
            {t('devices.sync.now')}
          </button>
        </div>
      </div>
      <div className="panel" data-testid="device-doctor">
        <h3>{t('devices.doctor')}</h3>
        <button
          type="button"
          className="button"
          onClick={() =>
            void invoke('ops.runDoctor', {}).then((envelope) => {
              if (envelope.ok) setDoctor(envelope.value);
              else setError(envelope.error);
            })
          }
          data-testid="doctor-run"
        >
          {t('devices.doctor.run')}
        </button>
        {doctor ? (
          <table className="table" data-testid="doctor-report">
            <tbody>
              {doctor.checks.map((c) => (
                <DoctorCheckRow key={c.id} check={c} />
              ))}
            </tbody>
          </table>
        ) : null}
      </div>
      <FaceReviewPanel />
    </section>
  );
}

/** The current time, refreshed every `everyMs` while that is not null. */
function useTicker(everyMs: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (everyMs === null) return;
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}
