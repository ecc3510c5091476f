import { useState, type FormEvent } from 'react';
import type { NewTokenAnswer, StoreRow, TokenRow } from '../../api/types.js';
import { useAction, useLoad } from '../../api/use-load.js';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { Loading } from '../../components/Loading.js';
import { ShownOnce } from '../../components/ShownOnce.js';
import { useConsoleI18n } from '../../i18n/console-i18n.js';

function tokenStatus(token: TokenRow, now: number): 'active' | 'revoked' | 'expired' | 'usedUp' {
  if (token.revokedAt) return 'revoked';
  if (Date.parse(token.expiresAt) <= now) return 'expired';
  return token.uses >= token.maxUses ? 'usedUp' : 'active';
}

/** Provisioning tokens of one store: create (the token is shown once), revoke, see expiry and uses. */
export function TokensPanel({ store, canManage }: { store: StoreRow; canManage: boolean }) {
  const { t, dateTime, number } = useConsoleI18n();
  const path = `/stores/${encodeURIComponent(store.storeId)}/tokens`;
  const { data, error, loading, reload } = useLoad((c) => c.get<{ tokens: TokenRow[] }>(path), path);
  const action = useAction();
  const [ttlHours, setTtlHours] = useState(72);
  const [maxUses, setMaxUses] = useState(1);
  const [note, setNote] = useState('');
  const [created, setCreated] = useState<NewTokenAnswer | null>(null);
  const create = async (event: FormEvent) => {
    event.preventDefault();
    const answer = await action.run((c) => c.post<NewTokenAnswer>(path, { ttlHours, maxUses, ...(note.trim() ? { note: note.trim() } : {}) }));
    if (answer) {
      setCreated(answer);
      setNote('');
      reload();
    }
  };
  const revoke = async (tokenId: string) => {
    if (await action.run((c) => c.delete(`${path}/${encodeURIComponent(tokenId)}`))) reload();
  };
  const now = Date.now();
  return (
    <div className="panel table-wrap" data-testid="tokens-panel">
      <h2>{t('tokens.title')}</h2>
      {created && (
        <ShownOnce label={`${t('tokens.shownOnce')} ${t('tokens.expiresAt', { time: dateTime(created.expiresAt) })}`} secret={created.token} testId="new-token" onClose={() => setCreated(null)} />
      )}
      {canManage && (
        <form className="row console-form-row" onSubmit={(e) => void create(e)}>
          <label className="field">
            <span>{t('tokens.ttlHours')}</span>
            <input className="input input-num" type="number" min={1} max={720} value={ttlHours} onChange={(e) => setTtlHours(Number(e.target.value))} required />
          </label>
          <label className="field">
            <span>{t('tokens.maxUses')}</span>
            <input className="input input-num" type="number" min={1} max={50} value={maxUses} onChange={(e) => setMaxUses(Number(e.target.value))} required />
          </label>
          <label className="field">
            <span>{t('tokens.note')}</span>
            <input className="input" value={note} maxLength={200} onChange={(e) => setNote(e.target.value)} />
          </label>
          <button type="submit" className="button button-primary" disabled={action.pending} data-testid="create-token">
            {t('tokens.create')}
          </button>
        </form>
      )}
      <ErrorNotice error={action.error ?? error} onRetry={error ? reload : undefined} />
      {loading && !data && <Loading />}
      {data && (
        <table className="table">
          <thead>
            <tr>
              <th>{t('tokens.col.created')}</th>
              <th>{t('tokens.col.expires')}</th>
              <th>{t('tokens.col.uses')}</th>
              <th>{t('tokens.col.note')}</th>
              <th>{t('tokens.col.status')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {data.tokens.length === 0 && (
              <tr>
                <td colSpan={6} className="muted">{t('common.empty')}</td>
              </tr>
            )}
            {data.tokens.map((token) => {
              const status = tokenStatus(token, now);
              return (
                <tr key={token.tokenId} data-testid={`token-${token.tokenId}`}>
                  <td>{dateTime(token.createdAt)}</td>
                  <td>{dateTime(token.expiresAt)}</td>
                  <td>{`${number(token.uses)} / ${number(token.maxUses)}`}</td>
                  <td>{token.note ?? ''}</td>
                  <td>
                    <span className={status === 'active' ? 'badge badge-ok' : 'badge'}>{t(`tokens.status.${status}`)}</span>
                  </td>
                  <td>
                    {canManage && status === 'active' && (
                      <ConfirmButton label={t('tokens.revoke')} question={t('tokens.confirmRevoke')} onConfirm={() => void revoke(token.tokenId)} testId={`revoke-${token.tokenId}`} />
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
