import { forwardRef, useState, type FormEvent } from 'react';
import type { ErrorInfo } from '../../../../electron/contract/index.js';
import { useInvoke } from '../../hooks/use-call.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { ErrorNotice } from '../ErrorNotice.js';
import { Kbd } from '../Kbd.js';

interface Choice {
  memberId: string;
  label: string;
}

/** Phone (whole or last four digits) goes to lookupByPhone; anything else is a name search. */
export function isPhoneQuery(query: string): boolean {
  const digits = query.replace(/[\s-]/g, '');
  return /^\d{4}$/.test(digits) || /^\d{11}$/.test(digits);
}

/**
 * A scanned member code, typed or scanned into the lookup box: the phone's short-lived code
 * (`MK1.<id>.<expiry>.<signature>`) or the long-lived member card code on receipts
 * (`MC1.<cardId>.<keyVersion>.<signature>`).
 */
export function isMemberCode(query: string): boolean {
  return /^M[KC]1\.[^.\s]+\.[^.\s]+\.[^.\s]+$/.test(query.trim());
}

/** The longest name or number the search accepts; anything longer cannot be a member. */
const MAX_SEARCH = 40;

interface MemberLookupProps {
  /** `via` is 'qr' for a member code, otherwise 'staff' (the cashier looked the member up). */
  onFound(memberId: string, via: 'qr' | 'staff'): void;
}

/** Phone, last four digits, name, printed member number or a scanned member code. Autofocused; F2 comes back here. */
export const MemberLookup = forwardRef<HTMLInputElement, MemberLookupProps>(function MemberLookup({ onFound: found }, inputRef) {
  const { t } = useI18n();
  const invoke = useInvoke();
  const [query, setQuery] = useState('');
  const [choices, setChoices] = useState<Choice[] | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [isBusy, setBusy] = useState(false);

  // Opening a member clears the box: the next lookup starts empty.
  const onFound = (memberId: string, via: 'qr' | 'staff' = 'staff') => {
    setQuery('');
    setChoices(null);
    found(memberId, via);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const q = query.trim();
    if (!q) return;
    setError(null);
    setChoices(null);
    if (isMemberCode(q)) {
      setBusy(true);
      const envelope = await invoke('members.resolveCode', { code: q });
      setBusy(false);
      return envelope.ok ? onFound(envelope.value.memberId, 'qr') : setError(envelope.error);
    }
    if (q.length > MAX_SEARCH) return setChoices([]);
    setBusy(true);
    if (isPhoneQuery(q)) {
      const envelope = await invoke('members.lookupByPhone', { phone: q.replace(/[\s-]/g, '') });
      setBusy(false);
      if (envelope.ok) return onFound(envelope.value.memberId);
      if (envelope.error.code === 'MEMBER_AMBIGUOUS' && Array.isArray(envelope.error.details?.candidates)) {
        const candidates = envelope.error.details.candidates as Array<{ memberId: string; maskedName: string; maskedPhone: string }>;
        return setChoices(candidates.map((c) => ({ memberId: c.memberId, label: `${c.maskedName} · ${c.maskedPhone}` })));
      }
      return envelope.error.code === 'MEMBER_NOT_FOUND' ? setChoices([]) : setError(envelope.error);
    }
    const envelope = await invoke('members.search', { query: q, limit: 20 });
    setBusy(false);
    if (!envelope.ok) return setError(envelope.error);
    if (envelope.value.length === 1 && envelope.value[0]) return onFound(envelope.value[0].memberId);
    setChoices(envelope.value.map((m) => ({ memberId: m.memberId, label: `${m.name ?? '—'} · ${m.maskedPhone ?? ''} · ${m.tierName}` })));
  };

  return (
    <div className="lookup" data-testid="member-lookup">
      <form className="row" onSubmit={(e) => void submit(e)}>
        <input ref={inputRef} autoFocus className="input lookup-input" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('cashier.lookup.placeholder')} aria-label={t('cashier.lookup.placeholder')} data-testid="lookup-input" />
        <button type="submit" className="button button-primary" disabled={isBusy} data-testid="lookup-submit">
          {t('cashier.lookup.submit')} <Kbd k="F2" />
        </button>
      </form>
      {error ? <ErrorNotice error={error} /> : null}
      {choices && choices.length === 0 ? <p className="muted" data-testid="lookup-none">{t('cashier.lookup.none')}</p> : null}
      {choices && choices.length > 0 ? (
        <div data-testid="lookup-choices">
          <p className="muted">{t('cashier.lookup.choose')}</p>
          <ul className="list">
            {choices.map((c) => (
              <li key={c.memberId}>
                <button type="button" className="button button-link" onClick={() => onFound(c.memberId)}>
                  {c.label}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
});
