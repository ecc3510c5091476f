import { useState, type FormEvent } from 'react';
import type { MemberHit } from '../../api/types.js';
import { useAction } from '../../api/use-load.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { useChain } from '../../components/chain-context.js';
import { useConsoleI18n } from '../../i18n/console-i18n.js';
import { MemberProfile } from './MemberProfile.js';
import { StoreName } from '../../components/StoreName.js';

/** Member service: search by phone or member code, then one member's cross-store profile. Every read is audited by HQ. */
export function MembersPage({ memberId, open }: { memberId: string; open(memberId: string): void }) {
  const { t } = useConsoleI18n();
  const chain = useChain();
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<MemberHit[] | null>(null);
  const search = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const answer = await search.run((c) => c.get<{ members: MemberHit[] }>('/members', { q: query.trim() }));
    if (answer) setHits(answer.members);
  };
  if (memberId) return <MemberProfile memberId={memberId} back={() => open('')} />;
  return (
    <section data-testid="page-members">
      <h1>{t('members.title')}</h1>
      <form className="panel row" onSubmit={(e) => void submit(e)}>
        <label className="field lookup-input">
          <span>{t('members.query')}</span>
          <input className="input" value={query} onChange={(e) => setQuery(e.target.value)} required maxLength={40} autoComplete="off" data-testid="member-query" />
        </label>
        <button type="submit" className="button button-primary" disabled={search.pending} data-testid="member-search">
          {t('members.search')}
        </button>
        <p className="muted">{t('members.auditedNote')}</p>
      </form>
      <ErrorNotice error={search.error} />
      {hits && (
        <div className="panel table-wrap">
          {hits.length === 0 ? (
            <p className="muted" data-testid="member-no-hits">{t('members.noHits')}</p>
          ) : (
            <table className="table" data-testid="member-hits">
              <thead>
                <tr>
                  <th>{t('members.col.name')}</th>
                  <th>{t('members.col.phone')}</th>
                  <th>{t('members.col.tier')}</th>
                  <th>{t('members.col.homeStore')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {hits.map((m) => (
                  <tr key={m.memberId}>
                    <td className="data-text">{m.displayName}</td>
                    <td>{m.phoneMasked}</td>
                    <td>{chain.tierName(m.tierId)}</td>
                    <td><StoreName id={m.homeStoreId} name={m.homeStoreName} /></td>
                    <td>
                      <button type="button" className="button button-link" data-testid={`open-member-${m.memberId}`} onClick={() => open(m.memberId)}>
                        {t('members.open')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}
