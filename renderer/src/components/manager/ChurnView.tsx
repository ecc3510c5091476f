import { useState, type FormEvent } from 'react';
import type { ArgsOf, ErrorInfo, ResultOf } from '../../../../electron/contract/index.js';
import { useCall, useInvoke } from '../../hooks/use-call.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { ErrorNotice } from '../ErrorNotice.js';
import { Loading } from '../Loading.js';

type AtRisk = ResultOf<'churn.list'>[number];
type Action = ArgsOf<'churn.recordFollowup'>['action'];
const ACTIONS: Action[] = ['called', 'coupon_sent', 'message_sent', 'visited', 'other'];

/** The call list, most valuable first (the service orders it); the whole number is revealed only on request (audited). */
export function ChurnView() {
  const { t, money, percent } = useI18n();
  const list = useCall('churn.list', { limit: 100 });
  const stats = useCall('churn.stats', {});
  const rules = useCall('loyalty.getRules', {});
  const followupHours = rules.state.status === 'ok' ? rules.state.value.rules.churn.followupHours : 72;
  const [open, setOpen] = useState<string | null>(null);
  const refresh = () => {
    list.reload();
    stats.reload();
  };
  return (
    <section data-testid="manager-churn">
      {stats.state.status === 'ok' ? (
        <p className="notice notice-info" data-testid="churn-stats">
          {t('churn.stats', { atRisk: stats.state.value.atRisk, followedUp: stats.state.value.followedUp, rate: percent(stats.state.value.responseRate), overdue: stats.state.value.overdue, hours: followupHours })}
        </p>
      ) : null}
      {list.state.status === 'loading' ? <Loading /> : null}
      {list.state.status === 'error' ? <ErrorNotice error={list.state.error} onRetry={list.reload} /> : null}
      {list.state.status === 'ok' && list.state.value.length === 0 ? <p className="muted">{t('churn.empty')}</p> : null}
      {list.state.status === 'ok' && list.state.value.length > 0 ? (
        <table className="table" data-testid="churn-list">
          <thead>
            <tr>
              <th>{t('churn.col.member')}</th>
              <th>{t('churn.col.inactive')}</th>
              <th>{t('churn.col.value')}</th>
              <th>{t('churn.col.followups')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.state.value.map((m) => (
              <ChurnRow key={m.memberId} member={m} isOpen={open === m.memberId} onToggle={() => setOpen(open === m.memberId ? null : m.memberId)} onSaved={refresh} money={money} />
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function ChurnRow({ member, isOpen, onToggle, onSaved, money }: { member: AtRisk; isOpen: boolean; onToggle(): void; onSaved(): void; money(fen: number): string }) {
  const { t } = useI18n();
  const invoke = useInvoke();
  const [phone, setPhone] = useState<string | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const reveal = async () => {
    const envelope = await invoke('churn.revealPhone', { memberId: member.memberId });
    if (envelope.ok) setPhone(envelope.value.phone);
    else setError(envelope.error);
  };
  return (
    <>
      <tr data-testid={`churn-row-${member.memberId}`}>
        <td>
          <span translate="no">{member.name ?? '—'}</span> {member.isTopCustomer ? <span className="badge badge-warn">{t('churn.top')}</span> : null} {member.overdue ? <span className="badge badge-err">{t('churn.overdue')}</span> : null}
          <div className="muted">
            {phone ?? member.maskedPhone}{' '}
            {phone === null ? (
              <button type="button" className="button button-link" onClick={() => void reveal()}>
                {t('churn.reveal')}
              </button>
            ) : null}
          </div>
        </td>
        <td>{t('churn.days', { days: member.daysInactive })}</td>
        <td>{money(member.value12mFen)}</td>
        <td>{member.followups}</td>
        <td>
          <button type="button" className="button" onClick={onToggle} data-testid={`churn-followup-${member.memberId}`}>
            {t('churn.followup')}
          </button>
        </td>
      </tr>
      {error ? (
        <tr>
          <td colSpan={5}>
            <ErrorNotice error={error} />
          </td>
        </tr>
      ) : null}
      {isOpen ? (
        <tr>
          <td colSpan={5}>
            <FollowupForm memberId={member.memberId} onSaved={onSaved} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function FollowupForm({ memberId, onSaved }: { memberId: string; onSaved(): void }) {
  const { t } = useI18n();
  const invoke = useInvoke();
  const [action, setAction] = useState<Action>('called');
  const [result, setResult] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [isSaved, setSaved] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const envelope = await invoke('churn.recordFollowup', { opId: crypto.randomUUID(), memberId, action, result, ...(note ? { note } : {}) });
    if (!envelope.ok) return setError(envelope.error);
    setSaved(true);
    onSaved();
  };
  return (
    <form className="row" onSubmit={(e) => void submit(e)} data-testid="followup-form">
      <label>
        {t('churn.action')}{' '}
        <select className="input" value={action} onChange={(e) => setAction(e.target.value as Action)}>
          {ACTIONS.map((a) => (
            <option key={a} value={a}>
              {t(`churn.action.${a}`)}
            </option>
          ))}
        </select>
      </label>
      <input className="input" value={result} onChange={(e) => setResult(e.target.value)} placeholder={t('churn.result')} aria-label={t('churn.result')} data-testid="followup-result" />
      <input className="input" value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('churn.note')} aria-label={t('churn.note')} />
      <button type="submit" className="button button-primary" disabled={result.trim() === ''} data-testid="followup-submit">
        {t('common.save')}
      </button>
      {isSaved ? <span className="notice notice-ok">{t('churn.saved')}</span> : null}
      {error ? <ErrorNotice error={error} /> : null}
    </form>
  );
}
