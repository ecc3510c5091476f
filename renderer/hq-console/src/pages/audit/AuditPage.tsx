import { useState, type FormEvent } from 'react';
import type { AuditPage as AuditAnswer, HqAuditRow } from '../../api/types.js';
import { useAction, useLoad } from '../../api/use-load.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { Loading } from '../../components/Loading.js';
import { useConsoleI18n } from '../../i18n/console-i18n.js';
import { StoreName } from '../../components/StoreName.js';

interface Filters {
  action: string;
  staffId: string;
  subjectId: string;
}
const NO_FILTERS: Filters = { action: '', staffId: '', subjectId: '' };

/** HQ's append-only audit log (auditor, chain admin): who read or changed what, when; filtered, paged by cursor. */
export function AuditPage() {
  const { t, tOr, dateTime } = useConsoleI18n();
  const [form, setForm] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const { data, error, loading, reload } = useLoad((c) => c.get<AuditAnswer>('/audit', { ...filters, limit: 50 }), JSON.stringify(filters));
  const [more, setMore] = useState<{ entries: HqAuditRow[]; nextCursor: string | null } | null>(null);
  const action = useAction();
  const entries = [...(data?.entries ?? []), ...(more?.entries ?? [])];
  const cursor = more ? more.nextCursor : (data?.nextCursor ?? null);
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setMore(null);
    setFilters(form);
  };
  const loadMore = async () => {
    if (!cursor) return;
    const page = await action.run((c) => c.get<AuditAnswer>('/audit', { ...filters, limit: 50, cursor }));
    if (page) setMore((prev) => ({ entries: [...(prev?.entries ?? []), ...page.entries], nextCursor: page.nextCursor }));
  };
  const field = (name: keyof Filters, label: string) => (
    <label className="field">
      <span>{label}</span>
      <input className="input" value={form[name]} onChange={(e) => setForm({ ...form, [name]: e.target.value })} data-testid={`audit-${name}`} />
    </label>
  );
  return (
    <section data-testid="page-audit">
      <h1>{t('audit.title')}</h1>
      <form className="panel row console-form-row" onSubmit={apply}>
        {field('action', t('audit.filter.action'))}
        {field('staffId', t('audit.filter.staffId'))}
        {field('subjectId', t('audit.filter.subjectId'))}
        <button type="submit" className="button button-primary">
          {t('audit.apply')}
        </button>
      </form>
      <ErrorNotice error={action.error ?? error} onRetry={error ? reload : undefined} />
      {loading && !data && <Loading />}
      {data && (
        <div className="panel table-wrap">
          <table className="table" data-testid="audit-table">
            <thead>
              <tr>
                <th>{t('audit.col.at')}</th>
                <th>{t('audit.col.staff')}</th>
                <th>{t('audit.col.action')}</th>
                <th>{t('audit.col.subject')}</th>
                <th>{t('audit.col.store')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.length === 0 && (
                <tr>
                  <td colSpan={5} className="muted">{t('common.empty')}</td>
                </tr>
              )}
              {entries.map((e, i) => (
                <tr key={e.auditId ?? i} data-action={e.action}>
                  <td>{dateTime(e.at)}</td>
                  {/* Staff, a staff or store subject and the store by name (HQ's answer), each id as its tooltip. */}
                  <td className="data-text" title={e.staffId ?? undefined}>{e.staffName ?? e.staffId ?? '—'}</td>
                  <td>{tOr(`audit.action.${e.action}`, e.action)}</td>
                  <td>
                    {`${tOr(`audit.subject.${e.subjectType}`, e.subjectType)} `}
                    <span className="data-text" title={e.subjectName ? (e.subjectId ?? undefined) : undefined}>{e.subjectName ?? e.subjectId ?? ''}</span>
                  </td>
                  <td><StoreName id={e.storeId} name={e.storeName} /></td>
                </tr>
              ))}
            </tbody>
          </table>
          {cursor && (
            <button type="button" className="button" disabled={action.pending} onClick={() => void loadMore()}>
              {t('common.loadMore')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
