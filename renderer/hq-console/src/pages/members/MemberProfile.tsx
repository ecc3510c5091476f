import { useState } from 'react';
import type { MemberProfileAnswer } from '../../api/types.js';
import { useStaff } from '../../api/session-context.js';
import { useLoad } from '../../api/use-load.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { Loading } from '../../components/Loading.js';
import { useChain } from '../../components/chain-context.js';
import { useConsoleI18n } from '../../i18n/console-i18n.js';
import { CAN } from '../../nav.js';
import { FileErasureForm } from '../erasure/FileErasureForm.js';
import { MemberHistoryTables } from './MemberHistoryTables.js';
import { StoreName } from '../../components/StoreName.js';

/** One member across the chain: profile, chain balance, tier history, ledger and check-ins from every store. */
export function MemberProfile({ memberId, back }: { memberId: string; back(): void }) {
  const { t, number, date } = useConsoleI18n();
  const chain = useChain();
  const staff = useStaff();
  const path = `/members/${encodeURIComponent(memberId)}`;
  const { data, error, loading, reload } = useLoad((c) => c.get<MemberProfileAnswer>(path), path);
  const [filing, setFiling] = useState(false);
  return (
    <section data-testid="page-member">
      <div className="row">
        <button type="button" className="button" onClick={back}>
          {t('members.back')}
        </button>
        {data && CAN.handleErasure(staff.role) && !filing && (
          <button type="button" className="button" data-testid="member-file-erasure" onClick={() => setFiling(true)}>
            {t('members.fileErasure')}
          </button>
        )}
      </div>
      <ErrorNotice error={error} onRetry={reload} />
      {loading && !data && <Loading />}
      {filing && <FileErasureForm memberId={memberId} onDone={() => setFiling(false)} />}
      {data && (
        <>
          <div className="panel">
            <h1 className="data-text" data-testid="member-name">{data.profile.displayName}</h1>
            <dl className="facts">
              <div className="fact"><dt>{t('members.col.phone')}</dt><dd>{data.profile.phoneMasked}</dd></div>
              <div className="fact"><dt>{t('members.col.tier')}</dt><dd><span className="tier-badge">{chain.tierName(data.profile.tierId)}</span></dd></div>
              <div className="fact"><dt>{t('members.balance')}</dt><dd data-testid="member-balance">{number(data.balance)}</dd></div>
              <div className="fact"><dt>{t('members.col.homeStore')}</dt><dd><StoreName id={data.profile.homeStoreId} name={data.profile.homeStoreName} /></dd></div>
              <div className="fact"><dt>{t('members.joinedAt')}</dt><dd>{date(data.profile.joinedAt)}</dd></div>
              <div className="fact">
                <dt>{t('members.birthdayMonth')}</dt>
                <dd>{data.profile.birthdayMonth ? t('members.month', { month: data.profile.birthdayMonth }) : '—'}</dd>
              </div>
            </dl>
            {data.flags.length > 0 && (
              <div className="notice notice-warn" data-testid="member-flags">
                <strong>{t('members.flags')}</strong>
                {data.flags.map((f) => (
                  <span key={`${f.kind}-${f.at}`}>
                    {`${t(`members.flag.${f.kind}`)} · ${date(f.at)}`}
                    {f.storeId && (
                      <>
                        {' · '}
                        <StoreName id={f.storeId} name={f.storeName} />
                      </>
                    )}
                  </span>
                ))}
              </div>
            )}
            <p className="muted">{t('members.auditedNote')}</p>
          </div>
          <MemberHistoryTables profile={data} />
        </>
      )}
    </section>
  );
}
