import type { StoreRow } from '../../api/types.js';
import { useStaff } from '../../api/session-context.js';
import { useLoad } from '../../api/use-load.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { Loading } from '../../components/Loading.js';
import { useConsoleI18n } from '../../i18n/console-i18n.js';
import { CAN } from '../../nav.js';
import { DevicesPanel } from './DevicesPanel.js';
import { TokensPanel } from './TokensPanel.js';

/** Stores: last contact, sync lag, parked events, versions, rules applied or refused; one store's devices and tokens. */
export function StoresPage({ storeId, open }: { storeId: string; open(storeId: string): void }) {
  const { t, number, ago } = useConsoleI18n();
  const staff = useStaff();
  const { data, error, loading, reload } = useLoad((c) => c.get<{ stores: StoreRow[] }>('/stores'), 'stores');
  const selected = data?.stores.find((s) => s.storeId === storeId);
  return (
    <section data-testid="page-stores">
      <h1>{t('stores.title')}</h1>
      <ErrorNotice error={error} onRetry={reload} />
      {loading && !data && <Loading />}
      {data && (
        <div className="panel table-wrap">
          <table className="table" data-testid="stores-table">
            <thead>
              <tr>
                <th>{t('stores.col.store')}</th>
                <th>{t('stores.col.devices')}</th>
                <th>{t('stores.col.lastContact')}</th>
                <th>{t('stores.col.syncLag')}</th>
                <th>{t('stores.col.pending')}</th>
                <th>{t('stores.col.parked')}</th>
                <th>{t('stores.col.appVersion')}</th>
                <th>{t('stores.col.modelVersion')}</th>
                <th>{t('stores.col.rules')}</th>
                <th>{t('stores.col.faceData')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {data.stores.length === 0 && (
                <tr>
                  <td colSpan={11} className="muted">{t('common.empty')}</td>
                </tr>
              )}
              {data.stores.map((s) => (
                <tr key={s.storeId} data-testid={`store-${s.storeId}`} className={s.storeId === storeId ? 'row-selected' : undefined}>
                  <td><strong>{s.name}</strong> <span className="muted">{s.storeId}</span></td>
                  <td>{number(s.devices)}</td>
                  <td>{s.lastContactAt ? ago(s.lastContactAt) : t('common.never')}</td>
                  <td>{s.syncLagSeconds === null ? '—' : t('stores.seconds', { seconds: s.syncLagSeconds })}</td>
                  <td>{number(s.pendingEvents)}</td>
                  <td>{s.parkedEvents > 0 ? <span className="badge badge-warn">{number(s.parkedEvents)}</span> : number(0)}</td>
                  <td>{s.appVersions.join(', ') || '—'}</td>
                  <td>{s.modelVersions.join(', ') || '—'}</td>
                  <td>
                    {s.rulesVersion === null ? '—' : t('rules.version', { version: s.rulesVersion })}
                    {s.rulesRefusal && (
                      <span className="badge badge-err" title={s.rulesRefusal.message}>
                        {t('stores.rulesRefused', { version: s.rulesRefusal.version })}
                      </span>
                    )}
                  </td>
                  <td>{number(s.faceDataPeople)}</td>
                  <td>
                    <button type="button" className="button button-link" data-testid={`open-store-${s.storeId}`} onClick={() => open(s.storeId)}>
                      {t('stores.open')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {selected && (
        <>
          <DevicesPanel store={selected} />
          {CAN.seeTokens(staff.role) && <TokensPanel store={selected} canManage={CAN.manageTokens(staff.role)} />}
        </>
      )}
    </section>
  );
}
