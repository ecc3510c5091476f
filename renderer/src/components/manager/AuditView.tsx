import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ErrorInfo, ResultOf } from '../../../../electron/contract/index.js';
import { useCall, useInvoke } from '../../hooks/use-call.js';
import { catalogues, type MessageKey } from '../../i18n/catalogue.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { ErrorNotice } from '../ErrorNotice.js';

type Entry = ResultOf<'audit.list'>[number];
const PAGE = 50;

/** Every staff access to member data, newest first, paged by id. */
export function AuditView() {
  const { t, dateTime } = useI18n();
  const staff = useCall('staff.list', {});
  const staffNames = useMemo(() => (staff.state.status === 'ok' ? new Map(staff.state.value.map((s) => [s.staffId, s.name])) : new Map<string, string>()), [staff.state]);
  // Actions are stable codes from the service; a code this build does not know is shown as it is.
  const actionText = (action: string) => {
    const key = `audit.action.${action}`;
    return key in catalogues['zh-CN'] ? t(key as MessageKey) : action;
  };
  const invoke = useInvoke();
  const [entries, setEntries] = useState<Entry[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);

  const load = useCallback(
    async (beforeId?: number) => {
      const envelope = await invoke('audit.list', { limit: PAGE, ...(beforeId !== undefined ? { beforeId } : {}) });
      if (!envelope.ok) return setError(envelope.error);
      setEntries((prev) => (beforeId === undefined ? envelope.value : [...prev, ...envelope.value]));
      setHasMore(envelope.value.length === PAGE);
    },
    [invoke],
  );
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section data-testid="manager-audit">
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
                <td translate="no">{e.staffId ? (staffNames.get(e.staffId) ?? `${e.staffId.slice(0, 8)}…`) : '—'}</td>
                <td data-action={e.action}>{actionText(e.action)}</td>
                <td className="muted" translate="no">
                  {e.memberId ? `${e.memberId.slice(0, 8)}…` : '—'}
                </td>
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
