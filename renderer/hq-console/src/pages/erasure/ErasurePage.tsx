import { useState } from 'react';
import type { ErasureRequestRow } from '../../api/types.js';
import { useStaff } from '../../api/session-context.js';
import { useAction, useLoad } from '../../api/use-load.js';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { Loading } from '../../components/Loading.js';
import { useChain } from '../../components/chain-context.js';
import { useConsoleI18n } from '../../i18n/console-i18n.js';
import { CAN } from '../../nav.js';
import { FileErasureForm } from './FileErasureForm.js';
import { StoreName } from '../../components/StoreName.js';

/** HQ stores a request filed in the console as requested at 'hq' (edge-sync/hq/members/erasure-console-routes.ts). */
const FILED_AT_HQ = 'hq';

const STATUSES = ['', 'pending', 'carried_out'] as const;

/** Erasure requests across the chain: status, deadline, receipt; file one from HQ and carry it out. */
export function ErasurePage() {
  const { t, tOr, dateTime } = useConsoleI18n();
  const chain = useChain();
  const staff = useStaff();
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('');
  const [filing, setFiling] = useState(false);
  const [completed, setCompleted] = useState<string | null>(null);
  const { data, error, loading, reload } = useLoad((c) => c.get<{ requests: ErasureRequestRow[] }>('/erasure-requests', { status }), status);
  const action = useAction();
  const canHandle = CAN.handleErasure(staff.role);
  const complete = async (eventId: string) => {
    const answer = await action.run((c) => c.post<{ status: string; receiptId: string }>(`/erasure-requests/${encodeURIComponent(eventId)}/complete`));
    if (answer) {
      setCompleted(answer.receiptId);
      reload();
    }
  };
  const now = Date.now();
  return (
    <section data-testid="page-erasure">
      <h1>{t('erasure.title')}</h1>
      <div className="panel row">
        <div className="row" role="group" aria-label={t('erasure.filter')}>
          {STATUSES.map((s) => (
            <button key={s || 'all'} type="button" className={s === status ? 'chip chip-active' : 'chip'} aria-pressed={s === status} onClick={() => setStatus(s)}>
              {s === '' ? t('erasure.filter.all') : t(`erasure.status.${s}`)}
            </button>
          ))}
        </div>
        {canHandle && !filing && (
          <button type="button" className="button" data-testid="erasure-new" onClick={() => setFiling(true)}>
            {t('erasure.file')}
          </button>
        )}
      </div>
      {filing && (
        <FileErasureForm
          onDone={(filed) => {
            setFiling(false);
            if (filed) reload();
          }}
        />
      )}
      {completed && (
        <div className="notice notice-ok" role="status" data-testid="erasure-completed">
          {t('erasure.completed', { receiptId: completed })}
        </div>
      )}
      <ErrorNotice error={action.error ?? error} onRetry={error ? reload : undefined} />
      {loading && !data && <Loading />}
      {data && (
        <div className="panel table-wrap">
          <table className="table" data-testid="erasure-table">
            <thead>
              <tr>
                <th>{t('erasure.col.member')}</th>
                <th>{t('erasure.col.requestedAt')}</th>
                <th>{t('erasure.col.atStore')}</th>
                <th>{t('erasure.col.homeStore')}</th>
                <th>{t('erasure.col.due')}</th>
                <th>{t('erasure.col.status')}</th>
                <th>{t('erasure.col.receipt')}</th>
                <th>{t('erasure.col.decided')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {data.requests.length === 0 && (
                <tr>
                  <td colSpan={9} className="muted">{t('common.empty')}</td>
                </tr>
              )}
              {data.requests.map((r) => {
                const overdue = r.status === 'pending' && Date.parse(r.dueAt) < now;
                return (
                  <tr key={r.eventId} data-testid={`erasure-${r.eventId}`} data-member={r.memberId} data-status={r.status}>
                    <td>{r.memberId}</td>
                    <td>{dateTime(r.requestedAt)}</td>
                    <td>{r.requestedAtStore && r.requestedAtStore !== FILED_AT_HQ ? <StoreName id={r.requestedAtStore} name={r.requestedAtStoreName} /> : t('erasure.hq')}</td>
                    <td><StoreName id={r.homeStoreId} name={r.homeStoreName} /></td>
                    <td>
                      {dateTime(r.dueAt)} {overdue && <span className="badge badge-err">{t('erasure.overdue')}</span>}
                    </td>
                    <td>
                      <span className={r.status === 'carried_out' ? 'badge badge-ok' : 'badge badge-warn'}>{tOr(`erasure.status.${r.status}`, r.status)}</span>
                    </td>
                    <td>{r.receiptId ?? '—'}</td>
                    <td>{r.decidedAt ? dateTime(r.decidedAt) : '—'}</td>
                    <td>
                      {canHandle && r.status === 'pending' && (
                        <ConfirmButton label={t('erasure.complete')} question={t('erasure.confirmComplete')} disabled={action.pending} onConfirm={() => void complete(r.eventId)} testId={`complete-${r.eventId}`} />
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
