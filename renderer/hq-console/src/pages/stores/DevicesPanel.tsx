import type { DeviceRow, StoreRow } from '../../api/types.js';
import { useLoad } from '../../api/use-load.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { Loading } from '../../components/Loading.js';
import { useConsoleI18n } from '../../i18n/console-i18n.js';

export function DevicesPanel({ store }: { store: StoreRow }) {
  const { t, number, ago, dateTime } = useConsoleI18n();
  const path = `/stores/${encodeURIComponent(store.storeId)}/devices`;
  const { data, error, loading, reload } = useLoad((c) => c.get<{ devices: DeviceRow[] }>(path), path);
  return (
    <div className="panel table-wrap" data-testid="devices-panel">
      <h2>{t('stores.devicesOf', { store: store.name })}</h2>
      <ErrorNotice error={error} onRetry={reload} />
      {loading && !data && <Loading />}
      {data && (
        <table className="table">
          <thead>
            <tr>
              <th>{t('devices.col.device')}</th>
              <th>{t('devices.col.created')}</th>
              <th>{t('stores.col.lastContact')}</th>
              <th>{t('stores.col.syncLag')}</th>
              <th>{t('stores.col.pending')}</th>
              <th>{t('stores.col.parked')}</th>
              <th>{t('stores.col.appVersion')}</th>
              <th>{t('stores.col.modelVersion')}</th>
              <th>{t('devices.col.status')}</th>
            </tr>
          </thead>
          <tbody>
            {data.devices.length === 0 && (
              <tr>
                <td colSpan={9} className="muted">{t('common.empty')}</td>
              </tr>
            )}
            {data.devices.map((d) => (
              <tr key={d.deviceId}>
                <td>{d.deviceName} <span className="muted">{d.deviceId}</span></td>
                <td>{dateTime(d.createdAt)}</td>
                <td>{d.lastContactAt ? ago(d.lastContactAt) : t('common.never')}</td>
                <td>{d.syncLagSeconds === null ? '—' : t('stores.seconds', { seconds: d.syncLagSeconds })}</td>
                <td>{d.pendingEvents === null ? '—' : number(d.pendingEvents)}</td>
                <td>{d.parkedEvents === null ? '—' : number(d.parkedEvents)}</td>
                <td>{d.appVersion ?? '—'}</td>
                <td>{d.modelVersion ?? '—'}</td>
                <td>
                  {d.revokedAt ? <span className="badge badge-err">{t('devices.status.revoked')}</span> : <span className="badge badge-ok">{t('devices.status.active')}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
