import { useState, type FormEvent } from 'react';
import type { ErrorInfo, ResultOf } from '../../../../electron/contract/index.js';
import { useInvoke } from '../../hooks/use-call.js';
import { erasedFieldList } from '../../i18n/errors/domain-names.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { MemberLookup } from '../cashier/MemberLookup.js';
import { ErrorNotice } from '../ErrorNotice.js';
import { ErasureReceiptPrint } from './ErasureReceiptPrint.js';

type Receipt = ResultOf<'members.erase'>;

/** An erasure request: find the member, confirm explicitly, erase, hand over the receipt code. */
export function ErasureView() {
  const { t, dateTime, locale } = useI18n();
  const invoke = useInvoke();
  const [member, setMember] = useState<{ memberId: string; name: string } | null>(null);
  const [reason, setReason] = useState('');
  const [isConfirmed, setConfirmed] = useState(false);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);

  const pick = async (memberId: string) => {
    const envelope = await invoke('members.get', { memberId });
    if (!envelope.ok) return setError(envelope.error);
    setMember({ memberId, name: envelope.value.name ?? envelope.value.memberCode });
    setConfirmed(false);
    setReceipt(null);
  };
  const erase = async (event: FormEvent) => {
    event.preventDefault();
    if (!member) return;
    const envelope = await invoke('members.erase', { opId: crypto.randomUUID(), memberId: member.memberId, reason });
    if (!envelope.ok) return setError(envelope.error);
    setReceipt(envelope.value);
    setMember(null);
  };

  return (
    <section data-testid="manager-erasure">
      <h3>{t('erasure.title')}</h3>
      <p className="notice notice-warn">{t('erasure.body')}</p>
      <p className="muted">{t('erasure.find')}</p>
      <MemberLookup onFound={(id) => void pick(id)} />
      {member ? (
        <form className="panel" onSubmit={(e) => void erase(e)} data-testid="erasure-form">
          <div className="field">
            <label htmlFor="erasure-reason">{t('erasure.reason')}</label>
            <input id="erasure-reason" className="input" value={reason} onChange={(e) => setReason(e.target.value)} data-testid="erasure-reason" />
          </div>
          <label className="row">
            <input type="checkbox" checked={isConfirmed} onChange={(e) => setConfirmed(e.target.checked)} data-testid="erasure-confirm" />
            {t('erasure.confirm', { name: member.name })}
          </label>
          <button type="submit" className="button button-primary" disabled={!isConfirmed || reason.trim() === ''} data-testid="erasure-submit">
            {t('erasure.submit')}
          </button>
        </form>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
      {receipt ? (
        <div className="panel notice-ok" data-testid="erasure-receipt">
          <h3>{t('erasure.receipt', { code: receipt.receiptCode })}</h3>
          <p>{dateTime(receipt.at)}</p>
          <p>{t('erasure.receiptDetail', { count: receipt.faceTemplatesDeleted, cleared: erasedFieldList(locale, receipt.cleared) })}</p>
          <ErasureReceiptPrint memberId={receipt.memberId} />
        </div>
      ) : null}
    </section>
  );
}
