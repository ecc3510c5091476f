import { useState, type FormEvent } from 'react';
import { useAction } from '../../api/use-load.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { useConsoleI18n } from '../../i18n/console-i18n.js';

interface Filed {
  eventId: string;
  receiptId: string;
  dueAt: string;
}

/** Files an erasure request from HQ itself (a member asked head office); the receipt and deadline come back. */
export function FileErasureForm({ memberId: fixedMemberId, onDone }: { memberId?: string; onDone(filed: Filed | null): void }) {
  const { t, dateTime } = useConsoleI18n();
  const action = useAction();
  const [memberId, setMemberId] = useState(fixedMemberId ?? '');
  const [reason, setReason] = useState('');
  const [filed, setFiled] = useState<Filed | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const answer = await action.run((c) => c.post<Filed>('/erasure-requests', { memberId: memberId.trim(), ...(reason.trim() ? { reason: reason.trim() } : {}) }));
    if (answer) setFiled(answer);
  };
  if (filed) {
    return (
      <div className="notice notice-ok" role="status" data-testid="erasure-filed" data-event-id={filed.eventId}>
        <span>{t('erasure.filed', { receiptId: filed.receiptId, due: dateTime(filed.dueAt) })}</span>
        <button type="button" className="button" onClick={() => onDone(filed)}>
          {t('common.close')}
        </button>
      </div>
    );
  }
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} data-testid="erasure-form">
      <h2>{t('erasure.file')}</h2>
      <div className="row">
        <label className="field">
          <span>{t('erasure.memberId')}</span>
          <input className="input" value={memberId} onChange={(e) => setMemberId(e.target.value)} readOnly={fixedMemberId !== undefined} required data-testid="erasure-member" />
        </label>
        <label className="field lookup-input">
          <span>{t('erasure.reason')}</span>
          <input className="input" value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} />
        </label>
      </div>
      <ErrorNotice error={action.error} />
      <div className="row">
        <button type="submit" className="button button-primary" disabled={action.pending} data-testid="erasure-submit">
          {t('erasure.file')}
        </button>
        <button type="button" className="button" onClick={() => onDone(null)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
