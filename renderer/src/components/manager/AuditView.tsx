import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ArgsOf, ErrorInfo, ResultOf } from '../../../../electron/contract/index.js';
import { useCall, useInvoke } from '../../hooks/use-call.js';
import { catalogues, type MessageKey } from '../../i18n/catalogue.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { ErrorNotice } from '../ErrorNotice.js';
import { toCsv } from './audit-csv.js';
import { downloadText } from './download-file.js';
import { DateField } from '../../../shared/DateField.js';

type Entry = ResultOf<'audit.list'>[number];
type Filters = Pick<ArgsOf<'audit.list'>, 'action' | 'staffId' | 'fromDate' | 'toDate'>;
const PAGE = 50;
const EXPORT_PAGE = 500;
/** 100,000 rows: far more than a store's year; a bigger export would be a different tool. */
const EXPORT_MAX_PAGES = 200;
const ACTION_PREFIX = 'audit.action.';
/** Every action this build can name, from the catalogue (the service's codes). */
const ACTIONS = Object.keys(catalogues['zh-CN'])
  .filter((k) => k.startsWith(ACTION_PREFIX))
  .map((k) => k.slice(ACTION_PREFIX.length));

/** Every staff access to member data, newest first, with names, filters and a CSV export. */
export function AuditView() {
  const { t, locale, dateTime } = useI18n();
  const staff = useCall('staff.list', {});
  // Actions are stable codes from the service; a code this build does not know is shown as it is.
  const actionText = (action: string) => {
    const key = `${ACTION_PREFIX}${action}`;
    return key in catalogues['zh-CN'] ? t(key as MessageKey) : action;
  };
  const staffText = (e: Entry) => e.staffName ?? (e.staffId ? e.staffId : t('audit.staff.none'));
  const memberText = (e: Entry) => (e.memberId === null ? '—' : (e.memberName ?? (e.memberCode ? e.memberCode : t('audit.member.erased'))));
  const invoke = useInvoke();
  const [entries, setEntries] = useState<Entry[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [action, setAction] = useState('');
  const [staffId, setStaffId] = useState('');
  const [fromDate, setFromDate] = useState('');
  const [toDate, setToDate] = useState('');
  const [isExporting, setExporting] = useState(false);
  const filters = useMemo(() => {
    const f: Filters = {};
    if (action !== '') f.action = action;
    if (staffId !== '') f.staffId = staffId;
    if (fromDate !== '') f.fromDate = fromDate;
    if (toDate !== '') f.toDate = toDate;
    return f;
  }, [action, staffId, fromDate, toDate]);

  const load = useCallback(
    async (beforeId?: number) => {
      const envelope = await invoke('audit.list', { ...filters, limit: PAGE, ...(beforeId !== undefined ? { beforeId } : {}) });
      if (!envelope.ok) return setError(envelope.error);
      setError(null);
      setEntries((prev) => (beforeId === undefined ? envelope.value : [...prev, ...envelope.value]));
      setHasMore(envelope.value.length === PAGE);
    },
    [invoke, filters],
  );
  useEffect(() => {
    void load();
  }, [load]);

  /** Everything the filters select (not only the loaded page), in the manager's language. */
  const exportCsv = async () => {
    setExporting(true);
    const all: Entry[] = [];
    let beforeId: number | undefined;
    for (let i = 0; i < EXPORT_MAX_PAGES; i++) {
      const envelope = await invoke('audit.list', { ...filters, limit: EXPORT_PAGE, ...(beforeId !== undefined ? { beforeId } : {}) });
      if (!envelope.ok) {
        setExporting(false);
        return setError(envelope.error);
      }
      all.push(...envelope.value);
      if (envelope.value.length < EXPORT_PAGE) break;
      beforeId = envelope.value[envelope.value.length - 1]?.id;
    }
    const header = [t('audit.col.at'), t('audit.col.staff'), t('audit.col.action'), t('audit.col.member'), t('audit.col.detail')];
    const rows = all.map((e) => [dateTime(e.at), staffText(e), actionText(e.action), memberText(e), JSON.stringify(e.detail)]);
    downloadText(`audit-${fromDate || 'start'}-${toDate || 'now'}.csv`, toCsv(header, rows), 'text/csv;charset=utf-8');
    setExporting(false);
  };

  return (
    <section data-testid="manager-audit">
      <div className="filters">
        <div className="field">
          <label htmlFor="audit-action">{t('audit.col.action')}</label>
          <select id="audit-action" className="input" value={action} onChange={(e) => setAction(e.target.value)} data-testid="audit-filter-action">
            <option value="">{t('members.filter.all')}</option>
            {ACTIONS.map((a) => (
              <option key={a} value={a}>
                {actionText(a)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-staff">{t('audit.col.staff')}</label>
          <select id="audit-staff" className="input" value={staffId} onChange={(e) => setStaffId(e.target.value)} data-testid="audit-filter-staff">
            <option value="">{t('members.filter.all')}</option>
            {staff.state.status === 'ok'
              ? staff.state.value.map((s) => (
                  <option key={s.staffId} value={s.staffId}>
                    {s.name}
                  </option>
                ))
              : null}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-from">{t('audit.filter.from')}</label>
          <DateField id="audit-from" value={fromDate} onChange={setFromDate} locale={locale} testId="audit-filter-from" />
        </div>
        <div className="field">
          <label htmlFor="audit-to">{t('audit.filter.to')}</label>
          <DateField id="audit-to" value={toDate} onChange={setToDate} locale={locale} testId="audit-filter-to" />
        </div>
        <button type="button" className="button" onClick={() => void exportCsv()} disabled={isExporting} data-testid="audit-export">
          {isExporting ? t('audit.exporting') : t('audit.export')}
        </button>
      </div>
      {error ? <ErrorNotice error={error} /> : null}
      {entries.length === 0 && !error ? <p className="muted">{t('audit.empty')}</p> : null}
      {entries.length > 0 ? (
        <table className="table" data-testid="audit-list">
          <thead>
            <tr>
              <th>{t('audit.col.at')}</th>
              <th>{t('audit.col.staff')}</th>
              <th>{t('audit.col.action')}</th>
              <th>{t('audit.col.member')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>{dateTime(e.at)}</td>
                <td data-testid="audit-staff" translate="no">{staffText(e)}</td>
                <td data-action={e.action}>{actionText(e.action)}</td>
                <td data-testid="audit-member" translate="no">{memberText(e)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {hasMore ? (
        <button type="button" className="button" onClick={() => void load(entries[entries.length - 1]?.id)}>
          {t('audit.more')}
        </button>
      ) : null}
    </section>
  );
}
