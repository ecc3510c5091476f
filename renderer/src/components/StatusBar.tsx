import { useSystemInfo } from '../hooks/system-info-context.js';
import { useCall, useEvent } from '../hooks/use-call.js';
import { useFaceStatus } from '../hooks/use-face-status.js';
import { usePrinterStatus } from '../hooks/use-printer-status.js';
import { useI18n } from '../i18n/i18n-context.js';
import type { MessageKey } from '../i18n/catalogue.js';

const PRINTER_PROBLEMS: Record<string, MessageKey> = {
  'paper-out': 'status.printer.paper-out',
  'paper-near-end': 'status.printer.paper-near-end',
  'cover-open': 'status.printer.cover-open',
  offline: 'status.printer.offline',
  error: 'status.printer.error',
  unreachable: 'status.printer.unreachable',
};

/** Always-visible state people need: which store, demo data, face engine warm-up, HQ link, printer. */
export function StatusBar() {
  const { t } = useI18n();
  const { state } = useSystemInfo();
  const info = state.status === 'ok' ? state.value : null;
  return (
    <div className="status-bar" data-testid="status-bar">
      <span className="store-name" data-testid="status-store-name" translate={info ? 'no' : undefined}>
        {info?.store.name ?? t('app.title')}
      </span>
      {info?.isDemo ? <span className="badge badge-info">{t('status.demo')}</span> : null}
      {state.status === 'error' ? (
        <span className="badge badge-err" data-testid="status-connection" role="alert">
          {t('status.connectionLost')}
        </span>
      ) : null}
      <WorkerBadge />
      {info ? info.hqConfigured ? <HqBadge /> : <span className="badge" data-testid="status-hq" data-state="standalone">{t('status.hqStandalone')}</span> : null}
      <PrinterBadge />
    </div>
  );
}

/** Model warm-up and failures of the face engine (falling back to the heavy-work worker's state). */
function WorkerBadge() {
  const { t } = useI18n();
  const face = useFaceStatus();
  const worker = useEvent('system.workerStatus');
  const state = face ? (face.state === 'disabled' ? 'ready' : face.state) : (worker?.state ?? 'ready');
  if (state === 'ready') return null;
  return (
    <span className={state === 'down' ? 'badge badge-warn' : 'badge badge-info'} data-testid="status-worker" data-state={state}>
      {state === 'starting' ? t('status.workerStarting') : state === 'restarting' ? t('status.workerRestarting') : t('status.workerDown')}
    </span>
  );
}

function HqBadge() {
  const { t } = useI18n();
  const initial = useCall('sync.getStatus', {});
  const live = useEvent('sync.uploadStatus');
  const upload = live ?? (initial.state.status === 'ok' ? initial.state.value.upload : null);
  if (!upload) return null;
  // Events wait in the outbox while HQ is away: the store keeps serving, and the badge says so.
  const isOffline = upload.state === 'backing_off' || upload.lastError !== null;
  return (
    <span className={isOffline ? 'badge badge-warn' : 'badge badge-ok'} data-testid="status-hq" data-state={isOffline ? 'offline' : 'online'} title={upload.lastError ?? undefined}>
      {isOffline ? t('status.hqOffline') : t('status.hqOnline')}
    </span>
  );
}

function PrinterBadge() {
  const { t } = useI18n();
  const status = usePrinterStatus();
  if (!status) return null;
  const problem = PRINTER_PROBLEMS[status.printer.state];
  if (!problem) return null;
  return (
    <span className="badge badge-warn" role="status" data-testid="status-printer" data-state={status.printer.state}>
      {t(problem)}
      {status.queue.queued > 0 ? ` · ${t('status.printer.queued', { count: status.queue.queued })}` : null}
    </span>
  );
}
