import type { RulesAnswer, RulesVersion } from '../../api/types.js';
import { useChain } from '../../components/chain-context.js';
import { useConsoleI18n } from '../../i18n/console-i18n.js';
import { StoreNames } from '../../components/StoreName.js';

/** The active version, what is scheduled, and the history, with which stores applied or refused each. */
export function RulesVersions({ rules }: { rules: RulesAnswer }) {
  const { t, date, dateTime, number } = useConsoleI18n();
  const chain = useChain();
  const versions: RulesVersion[] = [...rules.scheduled, ...(rules.active ? [rules.active] : []), ...rules.history.filter((v) => v.version !== rules.active?.version)];
  const applied = (v: RulesVersion) => (Array.isArray(v.storesApplied) ? <StoreNames ids={v.storesApplied} /> : number(v.storesApplied));
  return (
    <div className="panel table-wrap" data-testid="rules-versions">
      {rules.active ? (
        <p data-testid="rules-active">
          <span className="badge badge-ok">{t('rules.active', { version: rules.active.version, date: date(rules.active.startsAt) })}</span>
        </p>
      ) : (
        <p className="muted">{t('rules.noActive')}</p>
      )}
      {versions.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>{t('rules.col.version')}</th>
              <th>{t('rules.col.startsAt')}</th>
              <th>{t('rules.col.publishedAt')}</th>
              <th>{t('rules.col.applied')}</th>
              <th>{t('rules.col.refused')}</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.version} data-testid={`rules-version-${v.version}`}>
                <td>
                  {t('rules.version', { version: v.version })}{' '}
                  {rules.scheduled.some((s) => s.version === v.version) && <span className="badge badge-info">{t('rules.scheduled')}</span>}
                </td>
                <td>{date(v.startsAt)}</td>
                <td>
                  {`${dateTime(v.publishedAt)} · `}
                  {/* Who published, by name; the staff id as the tooltip (and shown when no staff member has it). */}
                  <span className="data-text" title={v.publishedBy} data-testid={`rules-version-${v.version}-by`}>
                    {v.publishedByName ?? v.publishedBy}
                  </span>
                </td>
                <td>{applied(v)}</td>
                <td>
                  {v.storesRefused.map((r) => (
                    <span key={r.storeId} className="badge badge-err" title={`${r.storeId}: ${r.message}`} data-store-id={r.storeId}>
                      {chain.storeName(r.storeId, r.storeName)}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
