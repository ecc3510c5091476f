import type { MemberProfileAnswer } from '../../api/types.js';
import { useChain } from '../../components/chain-context.js';
import { useConsoleI18n } from '../../i18n/console-i18n.js';
import { ledgerReasonText } from './ledger-reason.js';
import { StoreName } from '../../components/StoreName.js';

export function MemberHistoryTables({ profile }: { profile: MemberProfileAnswer }) {
  const { t, locale, number, dateTime } = useConsoleI18n();
  const chain = useChain();
  const empty = (cols: number) => (
    <tr>
      <td colSpan={cols} className="muted">{t('common.empty')}</td>
    </tr>
  );
  return (
    <>
      <div className="grid-2">
        <div className="panel table-wrap">
          <h2>{t('members.checkIns')}</h2>
          <table className="table" data-testid="member-checkins">
            <thead>
              <tr><th>{t('members.col.store')}</th><th>{t('members.col.count')}</th><th>{t('members.col.lastAt')}</th></tr>
            </thead>
            <tbody>
              {profile.checkInsByStore.length === 0 && empty(3)}
              {profile.checkInsByStore.map((c) => (
                <tr key={c.storeId} data-store={c.storeId}>
                  <td><StoreName id={c.storeId} name={c.storeName} /></td>
                  <td>{number(c.count)}</td>
                  <td>{c.lastAt ? dateTime(c.lastAt) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="panel table-wrap">
          <h2>{t('members.tierHistory')}</h2>
          <table className="table" data-testid="member-tier-history">
            <thead>
              <tr><th>{t('members.col.at')}</th><th>{t('members.col.from')}</th><th>{t('members.col.to')}</th><th>{t('members.col.store')}</th></tr>
            </thead>
            <tbody>
              {profile.tierHistory.length === 0 && empty(4)}
              {profile.tierHistory.map((h) => (
                <tr key={`${h.at}-${h.toTierId}`}>
                  <td>{dateTime(h.at)}</td>
                  <td>{chain.tierName(h.fromTierId)}</td>
                  <td>{chain.tierName(h.toTierId)}</td>
                  <td><StoreName id={h.storeId} name={h.storeName} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <div className="panel table-wrap">
        <h2>{t('members.ledger')}</h2>
        <table className="table" data-testid="member-ledger">
          <thead>
            <tr><th>{t('members.col.at')}</th><th>{t('members.col.store')}</th><th>{t('members.col.delta')}</th><th>{t('members.col.reason')}</th></tr>
          </thead>
          <tbody>
            {profile.ledger.length === 0 && empty(4)}
            {profile.ledger.map((l) => (
              <tr key={l.eventId} data-store={l.storeId}>
                <td>{dateTime(l.at)}</td>
                <td><StoreName id={l.storeId} name={l.storeName} /></td>
                <td className={l.delta < 0 ? 'delta-negative' : 'delta-positive'}>{l.delta > 0 ? `+${number(l.delta)}` : number(l.delta)}</td>
                <td data-reason={l.reason}>{ledgerReasonText(locale, l.reason)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
