import { useRef, useState, type FormEvent } from 'react';
import type { ErrorInfo, ResultOf } from '../../../../electron/contract/index.js';
import { useInvoke } from '../../hooks/use-call.js';
import { useI18n } from '../../i18n/i18n-context.js';
import type { MessageKey } from '../../i18n/catalogue.js';
import { parseYuanToFen } from '../../i18n/money-input.js';
import { ErrorNotice } from '../ErrorNotice.js';

export type RefundResult = ResultOf<'purchases.refundWithManagerPin'>;

/** Codes this dialog words itself; anything else goes to the common error notice. */
const KNOWN_ERRORS: Record<string, MessageKey> = {
  MANAGER_PIN_REQUIRED: 'counter.refund.error.notManager',
  PIN_INCORRECT: 'counter.refund.error.pin',
  STAFF_LOCKED_OUT: 'counter.refund.error.locked',
  ALREADY_REFUNDED: 'counter.refund.error.already',
  AMOUNT_INVALID: 'counter.refund.error.amount',
  REFUND_EXCEEDS_PAID: 'counter.refund.error.amount',
};

interface RefundDialogProps {
  purchase: { purchaseId: string; paidFen: number; refundedFen: number };
  /** Void: the whole sale just recorded, no amount to choose. */
  isVoid: boolean;
  onDone(result: RefundResult): void;
  onCancel(): void;
}

/** Void or refund at the till, approved by a manager's PIN typed here (the manager does not sign in on the console). */
export function RefundDialog({ purchase, isVoid, onDone, onCancel }: RefundDialogProps) {
  const { t, money } = useI18n();
  const invoke = useInvoke();
  const remaining = purchase.paidFen - purchase.refundedFen;
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState(isVoid ? t('counter.refund.voidReason') : '');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [isBusy, setBusy] = useState(false);
  const opId = useRef(crypto.randomUUID());
  const amountFen = amount.trim() === '' ? null : parseYuanToFen(amount);
  const isAmountBad = amount.trim() !== '' && (amountFen === null || amountFen <= 0 || amountFen > remaining);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (isAmountBad || !reason.trim() || !pin) return;
    setBusy(true);
    setError(null);
    const envelope = await invoke('purchases.refundWithManagerPin', {
      opId: opId.current,
      purchaseId: purchase.purchaseId,
      ...(amountFen !== null ? { amountFen } : {}),
      reason: reason.trim(),
      managerPin: pin,
    });
    setBusy(false);
    setPin('');
    if (envelope.ok) return onDone(envelope.value);
    // A refused PIN or amount may be corrected and sent again as a new attempt.
    opId.current = crypto.randomUUID();
    setError(envelope.error);
  };

  const known = error ? KNOWN_ERRORS[error.code] : undefined;
  return (
    <form className="panel refund-dialog" role="dialog" aria-label={t(isVoid ? 'counter.refund.voidTitle' : 'counter.refund.title')} onSubmit={(e) => void submit(e)} data-testid="refund-dialog">
      <h3>{t(isVoid ? 'counter.refund.voidTitle' : 'counter.refund.title')}</h3>
      <p data-testid="refund-remaining">{t('counter.refund.remaining', { amount: money(remaining) })}</p>
      {isVoid ? null : (
        <div className="field">
          <label htmlFor="refund-amount">{t('counter.refund.amount')}</label>
          <input id="refund-amount" className="input" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} placeholder={money(remaining)} data-testid="refund-amount" />
          {isAmountBad ? <p className="notice notice-warn">{t('counter.refund.error.amount')}</p> : null}
        </div>
      )}
      <div className="field">
        <label htmlFor="refund-reason">{t('counter.refund.reason')}</label>
        <input id="refund-reason" className="input" value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} data-testid="refund-reason" />
      </div>
      <div className="field">
        <label htmlFor="refund-pin">{t('counter.refund.managerPin')}</label>
        <input id="refund-pin" autoFocus className="input" type="password" inputMode="numeric" autoComplete="off" value={pin} onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 8))} data-testid="refund-pin" />
      </div>
      {known ? (
        <p className="notice notice-error" role="alert" data-testid="refund-error" data-code={error?.code}>
          {t(known)}
        </p>
      ) : error ? (
        <ErrorNotice error={error} testId="refund-error" />
      ) : null}
      <div className="row">
        <button type="submit" className="button button-primary" disabled={isBusy || isAmountBad || !reason.trim() || pin.length < 4} data-testid="refund-submit">
          {t(isVoid ? 'counter.refund.voidSubmit' : 'counter.refund.submit')}
        </button>
        <button type="button" className="button" onClick={onCancel} data-testid="refund-cancel">
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
