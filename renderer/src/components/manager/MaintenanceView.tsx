import { useEffect, useState } from 'react';
import type { ErrorInfo, ResultOf } from '../../../../electron/contract/index.js';
import { readCameraPreference, writeCameraPreference, type CameraPreference } from '../../devices/camera-preference.js';
import { useCall, useInvoke } from '../../hooks/use-call.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { ErrorNotice } from '../ErrorNotice.js';
import { Loading } from '../Loading.js';

type Drill = ResultOf<'ops.restoreDrill'>;

/** Backups (run, list, restore drill), the support bundle for store IT, and which camera this terminal uses. */
export function MaintenanceView() {
  return (
    <section data-testid="manager-maintenance">
      <BackupsPanel />
      <SupportBundlePanel />
      <CameraPanel />
    </section>
  );
}

function BackupsPanel() {
  const { t, dateTime, number } = useI18n();
  const invoke = useInvoke();
  const list = useCall('ops.listBackups', {});
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState<'backup' | 'drill' | null>(null);
  const run = async (what: 'backup' | 'drill') => {
    setBusy(what);
    const envelope = what === 'backup' ? await invoke('ops.backupNow', {}) : await invoke('ops.restoreDrill', {});
    setBusy(null);
    if (!envelope.ok) return setError(envelope.error);
    setError(null);
    list.reload();
  };
  const drill = list.state.status === 'ok' ? list.state.value.lastDrill : null;
  return (
    <div className="panel" data-testid="backups">
      <h3>{t('maint.backups.title')}</h3>
      <div className="row">
        <button type="button" className="button button-primary" disabled={busy !== null} onClick={() => void run('backup')} data-testid="backup-now">
          {busy === 'backup' ? t('maint.backups.running') : t('maint.backups.now')}
        </button>
        <button type="button" className="button" disabled={busy !== null || (list.state.status === 'ok' && list.state.value.backups.length === 0)} onClick={() => void run('drill')} data-testid="restore-drill">
          {busy === 'drill' ? t('maint.drill.running') : t('maint.drill.run')}
        </button>
      </div>
      {error ? <ErrorNotice error={error} /> : null}
      <DrillStatus drill={drill} />
      {list.state.status === 'loading' ? <Loading /> : null}
      {list.state.status === 'error' ? <ErrorNotice error={list.state.error} onRetry={list.reload} /> : null}
      {list.state.status === 'ok' && list.state.value.backups.length === 0 ? <p className="muted">{t('maint.backups.none')}</p> : null}
      {list.state.status === 'ok' && list.state.value.backups.length > 0 ? (
        <table className="table" data-testid="backup-list">
          <thead>
            <tr>
              <th>{t('maint.backups.col.at')}</th>
              <th>{t('maint.backups.col.file')}</th>
              <th>{t('maint.backups.col.size')}</th>
            </tr>
          </thead>
          <tbody>
            {list.state.value.backups.map((b) => (
              <tr key={b.fileName}>
                <td>{dateTime(b.createdAt)}</td>
                <td className="muted">{b.fileName}</td>
                <td>{t('maint.kb', { kb: number(Math.max(1, Math.round(b.sizeBytes / 1024))) })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

function DrillStatus({ drill }: { drill: Drill | null }) {
  const { t, dateTime, number } = useI18n();
  if (!drill) return <p className="notice notice-warn" data-testid="drill-status">{t('maint.drill.never')}</p>;
  return drill.isOk ? (
    <p className="notice notice-ok" data-testid="drill-status" data-ok="true">
      {t('maint.drill.ok', { at: dateTime(drill.at), members: number(drill.members ?? 0) })}
    </p>
  ) : (
    <p className="notice notice-error" data-testid="drill-status" data-ok="false">
      {t('maint.drill.failed', { at: dateTime(drill.at), problem: t(`maint.drill.problem.${drill.problem ?? 'BACKUP_INVALID'}`) })}
    </p>
  );
}

function SupportBundlePanel() {
  const { t, number } = useI18n();
  const invoke = useInvoke();
  const [bundle, setBundle] = useState<ResultOf<'ops.exportSupportBundle'> | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [isBusy, setBusy] = useState(false);
  const make = async () => {
    setBusy(true);
    const envelope = await invoke('ops.exportSupportBundle', {});
    setBusy(false);
    if (!envelope.ok) return setError(envelope.error);
    setError(null);
    setBundle(envelope.value);
  };
  return (
    <div className="panel" data-testid="support-bundle">
      <h3>{t('maint.bundle.title')}</h3>
      <p className="muted">{t('maint.bundle.help')}</p>
      <button type="button" className="button" disabled={isBusy} onClick={() => void make()} data-testid="support-bundle-make">
        {isBusy ? t('maint.bundle.making') : t('maint.bundle.make')}
      </button>
      {bundle ? (
        <p className="notice notice-ok" data-testid="support-bundle-done">
          {t('maint.bundle.done', { file: bundle.fileName, kb: number(Math.max(1, Math.round(bundle.sizeBytes / 1024))) })}
        </p>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
    </div>
  );
}

/** Which camera faces the customer on this terminal (kept on this machine; the kiosk uses it from its next start). */
function CameraPanel() {
  const { t } = useI18n();
  const [cameras, setCameras] = useState<CameraPreference[] | null>(null);
  const [chosen, setChosen] = useState<CameraPreference | null>(() => readCameraPreference());
  const [isSaved, setSaved] = useState(false);
  useEffect(() => {
    let isCurrent = true;
    const devices = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
    if (!devices?.enumerateDevices) return setCameras([]);
    void devices.enumerateDevices().then(
      (all) => {
        if (!isCurrent) return;
        const video = all.filter((d) => d.kind === 'videoinput');
        setCameras(video.map((d, i) => ({ deviceId: d.deviceId, label: d.label || t('maint.camera.unnamed', { n: i + 1 }) })));
      },
      () => isCurrent && setCameras([]),
    );
    return () => {
      isCurrent = false;
    };
  }, [t]);
  const choose = (deviceId: string) => {
    const next = cameras?.find((c) => c.deviceId === deviceId) ?? null;
    writeCameraPreference(next);
    setChosen(next);
    setSaved(true);
  };
  return (
    <div className="panel" data-testid="camera-select">
      <h3>{t('maint.camera.title')}</h3>
      {cameras === null ? <Loading /> : null}
      {cameras && cameras.length === 0 ? <p className="muted" data-testid="camera-none">{t('maint.camera.none')}</p> : null}
      {cameras && cameras.length > 0 ? (
        <div className="field">
          <label htmlFor="camera-choice">{t('maint.camera.label')}</label>
          <select id="camera-choice" className="input" value={chosen?.deviceId ?? ''} onChange={(e) => choose(e.target.value)} data-testid="camera-choice">
            <option value="">{t('maint.camera.auto')}</option>
            {cameras.map((c) => (
              <option key={c.deviceId} value={c.deviceId}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {isSaved ? (
        <p className="notice notice-ok" data-testid="camera-saved">
          {chosen ? t('maint.camera.saved', { label: chosen.label }) : t('maint.camera.savedAuto')}
        </p>
      ) : null}
    </div>
  );
}
