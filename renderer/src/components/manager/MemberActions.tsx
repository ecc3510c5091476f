import { useState, type FormEvent } from 'react';
import type { ErrorInfo, ResultOf } from '../../../../electron/contract/index.js';
import { useInvoke } from '../../hooks/use-call.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { parseYuanToFen } from '../../i18n/money-input.js';
import { ConfirmDialog, type ConfirmRequest } from '../ConfirmDialog.js';
import { ErrorNotice } from '../ErrorNotice.js';
import { MemberCardReissue } from './MemberCardReissue.js';
/** The member being edited (the editor's own type; declared here too so the two files do not import each other). */
type Member = ResultOf<'members.get'>;

/** A manager's corrections to one member: points with a reason, a coupon, merging a duplicate into them, and their card. */
export function MemberActions({ member, onChanged }: { member: Member; onChanged(): void }) {
  return (
    <>
      <PointsAdjustment member={member} onChanged={onChanged} />
      <CouponIssue member={member} />
      <MemberMerge member={member} onChanged={onChanged} />
      <MemberCardReissue member={member} />
    </>
  );
}

function PointsAdjustment({ member, onChanged }: { member: Member; onChanged(): void }) {
  const { t, number } = useI18n();
  const invoke = useInvoke();
  const [delta, setDelta] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [balance, setBalance] = useState<number | null>(null);
  const points = /^[+-]?\d{1,7}$/.test(delta.trim()) ? Number(delta.trim()) : null;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (points === null) return;
    const envelope = await invoke('loyalty.adjustPoints', { opId: crypto.randomUUID(), memberId: member.memberId, delta: points, reason: reason.trim() });
    if (!envelope.ok) return setError(envelope.error);
    setError(null);
    setBalance(envelope.value.balanceAfter);
    setDelta('');
    setReason('');
    onChanged();
  };
  return (
    <div className="panel" data-testid="points-adjust">
      <h3>{t('manage.points.title')}</h3>
      <p className="muted">{t('manage.points.balance', { points: number(balance ?? member.pointsBalance) })}</p>
      <form className="inline-form" onSubmit={(e) => void submit(e)}>
        <label className="field inline-field">
          <span>{t('manage.points.delta')}</span>
          <input className="input" inputMode="numeric" value={delta} onChange={(e) => setDelta(e.target.value)} data-testid="points-delta" />
        </label>
        <label className="field inline-field">
          <span>{t('manage.points.reason')}</span>
          <input className="input" value={reason} onChange={(e) => setReason(e.target.value)} data-testid="points-reason" />
        </label>
        <button type="submit" className="button button-primary" disabled={points === null || points === 0 || reason.trim().length < 2} data-testid="points-submit">
          {t('manage.points.submit')}
        </button>
      </form>
      {balance !== null ? (
        <p className="notice notice-ok" data-testid="points-done">
          {t('manage.points.done', { points: number(balance) })}
        </p>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
    </div>
  );
}

function CouponIssue({ member }: { member: Member }) {
  const { t, money, date } = useI18n();
  const invoke = useInvoke();
  const [title, setTitle] = useState('');
  const [amount, setAmount] = useState('');
  const [minSpend, setMinSpend] = useState('');
  const [days, setDays] = useState('30');
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [issued, setIssued] = useState<{ title: string; amountFen: number; expiresAt: string | null } | null>(null);
  const amountFen = parseYuanToFen(amount);
  const minSpendFen = minSpend.trim() === '' ? 0 : parseYuanToFen(minSpend);
  const validDays = /^\d{1,4}$/.test(days) ? Number(days) : null;
  const isValid = title.trim() !== '' && amountFen !== null && amountFen > 0 && minSpendFen !== null && validDays !== null && validDays > 0;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!isValid || amountFen === null || minSpendFen === null || validDays === null) return;
    const envelope = await invoke('loyalty.issueCoupon', { opId: crypto.randomUUID(), memberId: member.memberId, title: title.trim(), amountOffFen: amountFen, minSpendFen, validDays, source: 'manager' });
    if (!envelope.ok) return setError(envelope.error);
    setError(null);
    setIssued({ title: title.trim(), amountFen, expiresAt: envelope.value.expiresAt });
    setTitle('');
    setAmount('');
    setMinSpend('');
  };
  return (
    <div className="panel" data-testid="coupon-issue">
      <h3>{t('manage.coupon.title')}</h3>
      <form className="inline-form" onSubmit={(e) => void submit(e)}>
        <label className="field inline-field">
          <span>{t('manage.coupon.name')}</span>
          <input className="input" value={title} onChange={(e) => setTitle(e.target.value)} data-testid="coupon-title" />
        </label>
        <label className="field inline-field">
          <span>{t('manage.coupon.amount')}</span>
          <input className="input" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} data-testid="coupon-amount" />
        </label>
        <label className="field inline-field">
          <span>{t('manage.coupon.minSpend')}</span>
          <input className="input" inputMode="decimal" value={minSpend} onChange={(e) => setMinSpend(e.target.value)} data-testid="coupon-min-spend" />
        </label>
        <label className="field inline-field">
          <span>{t('manage.coupon.days')}</span>
          <input className="input" inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value.replace(/\D/g, '').slice(0, 4))} data-testid="coupon-days" />
        </label>
        <button type="submit" className="button button-primary" disabled={!isValid} data-testid="coupon-submit">
          {t('manage.coupon.submit')}
        </button>
      </form>
      {issued ? (
        <p className="notice notice-ok" data-testid="coupon-done">
          {t('manage.coupon.done', { title: issued.title, amount: money(issued.amountFen), until: issued.expiresAt ? date(issued.expiresAt) : '—' })}
        </p>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
    </div>
  );
}

type Candidate = ResultOf<'members.browse'>['members'][number];

/** A member who joined twice: the duplicate's points and history move to this member, who is kept. */
function MemberMerge({ member, onChanged }: { member: Member; onChanged(): void }) {
  const { t, number } = useI18n();
  const invoke = useInvoke();
  const [query, setQuery] = useState('');
  const [candidates, setCandidates] = useState<Candidate[] | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const [merged, setMerged] = useState<{ name: string; points: number } | null>(null);
  const nameOf = (m: { name: string | null; memberCode: string }) => m.name ?? m.memberCode;
  const search = async (event: FormEvent) => {
    event.preventDefault();
    const envelope = await invoke('members.browse', { query: query.trim(), pageSize: 10 });
    if (!envelope.ok) return setError(envelope.error);
    setError(null);
    setCandidates(envelope.value.members.filter((m) => m.memberId !== member.memberId));
  };
  const merge = async (duplicate: Candidate) => {
    const envelope = await invoke('members.merge', { opId: crypto.randomUUID(), keepId: member.memberId, mergeId: duplicate.memberId });
    if (!envelope.ok) return setError(envelope.error);
    setError(null);
    setCandidates(null);
    setMerged({ name: nameOf(duplicate), points: envelope.value.pointsBalance });
    onChanged();
  };
  return (
    <div className="panel" data-testid="member-merge">
      <h3>{t('manage.merge.title')}</h3>
      <p className="muted">{t('manage.merge.help', { name: nameOf(member) })}</p>
      <form className="inline-form" onSubmit={(e) => void search(e)}>
        <input className="input" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('members.search.placeholder')} aria-label={t('members.search.placeholder')} data-testid="merge-query" />
        <button type="submit" className="button" disabled={query.trim() === ''} data-testid="merge-search">
          {t('common.search')}
        </button>
      </form>
      {candidates && candidates.length === 0 ? <p className="muted">{t('members.none')}</p> : null}
      {candidates && candidates.length > 0 ? (
        <ul className="list" data-testid="merge-candidates">
          {candidates.map((c) => (
            <li key={c.memberId}>
              {t('manage.merge.candidate', { name: nameOf(c), phone: c.maskedPhone ?? '—', points: number(c.pointsBalance) })}
              <button
                type="button"
                className="button button-link"
                onClick={() =>
                  setConfirm({
                    body: t('confirm.merge.body', { duplicate: nameOf(c), duplicatePhone: c.maskedPhone ?? '—', keep: nameOf(member), keepPhone: member.maskedPhone ?? '—' }),
                    confirmLabel: t('confirm.merge.ok'),
                    onConfirm: () => void merge(c),
                  })
                }
                data-testid="merge-choose"
              >
                {t('manage.merge.choose')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {merged ? (
        <p className="notice notice-ok" data-testid="merge-done">
          {t('manage.merge.done', { name: merged.name, points: number(merged.points) })}
        </p>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </div>
  );
}
