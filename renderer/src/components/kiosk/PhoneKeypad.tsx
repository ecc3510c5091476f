import { useEffect } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import type { PhoneCandidate, PhoneProblem } from './kiosk-types.js';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

/** Groups 11 digits as 3-4-4 for reading back, e.g. 138 0013 8000. */
export function groupPhoneDigits(digits: string): string {
  return [digits.slice(0, 3), digits.slice(3, 7), digits.slice(7, 11)].filter(Boolean).join(' ');
}

interface PhoneKeypadProps {
  digits: string;
  problem: PhoneProblem | null;
  isSearching: boolean;
  candidates: PhoneCandidate[] | null;
  /** A masked name was chosen: the keypad now takes the two digits before the last four. */
  chosenToken: string | null;
  confirmDigits: string;
  /** Too many attempts: seconds left before the keypad takes digits again. */
  cooldownSeconds: number | null;
  onChoose(token: string): void;
  onDigit(digit: string): void;
  onDelete(): void;
  onClear(): void;
  onSubmit(): void;
  onCancel(): void;
  /** "Not found" is where a newcomer finds out they are not a member: joining is one tap away. */
  onJoin(): void;
}

/** A big touch keypad; a physical keyboard works too (digits, Backspace, Enter, Escape). */
export function PhoneKeypad({ digits, problem, isSearching, candidates, chosenToken, confirmDigits, cooldownSeconds, onChoose, onDigit, onDelete, onClear, onSubmit, onCancel, onJoin }: PhoneKeypadProps) {
  const { t } = useI18n();
  const isConfirming = chosenToken !== null;
  const isLocked = isSearching || cooldownSeconds !== null;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (/^\d$/.test(event.key)) onDigit(event.key);
      else if (event.key === 'Backspace') onDelete();
      else if (event.key === 'Enter') onSubmit();
      else if (event.key === 'Escape') onCancel();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onDigit, onDelete, onSubmit, onCancel]);

  return (
    <div className="keypad" data-testid="phone-keypad">
      <h2>{t('kiosk.phone.title')}</h2>
      <p className="muted">{t('kiosk.phone.hint')}</p>
      {isConfirming ? <p data-testid="phone-confirm-prompt">{t('kiosk.phone.confirmPrompt')}</p> : null}
      <output className="keypad-display" data-testid="phone-display" aria-live="polite">
        {isConfirming ? `**** ${confirmDigits.padEnd(2, '_')} ****` : groupPhoneDigits(digits) || '\u00a0'}
      </output>
      {problem === 'invalid' ? <p className="notice notice-warn" data-testid="phone-invalid">{t('kiosk.phone.invalid')}</p> : null}
      {problem === 'not-found' ? (
        <div className="notice notice-warn phone-not-found" data-testid="phone-not-found">
          <span>{t('kiosk.phone.notFound')}</span>
          <button type="button" className="button button-big button-primary" onClick={onJoin} data-testid="phone-not-found-join">
            {t('kiosk.phone.notFoundJoin')}
          </button>
        </div>
      ) : null}
      {problem === 'mismatch' || problem === 'expired' ? (
        <p className="notice notice-warn" data-testid="phone-mismatch">
          {t(problem === 'mismatch' ? 'kiosk.phone.mismatch' : 'kiosk.phone.expired')}
        </p>
      ) : null}
      {cooldownSeconds !== null ? (
        <p className="notice notice-warn" data-testid="phone-cooldown" role="status">
          {t('kiosk.phone.cooldown', { seconds: cooldownSeconds })}
        </p>
      ) : null}
      {isSearching ? <p className="muted">{t('kiosk.phone.searching')}</p> : null}
      {candidates && candidates.length > 0 && !isConfirming ? (
        <div className="candidates" data-testid="phone-candidates">
          <p>{t('kiosk.phone.choose')}</p>
          {candidates.map((c, i) => (
            <button key={c.token} type="button" className="button button-big" data-testid={`phone-candidate-${i}`} onClick={() => onChoose(c.token)} disabled={isLocked}>
              {c.maskedName}
            </button>
          ))}
        </div>
      ) : null}
      <div className="keypad-grid">
        {KEYS.map((k) => (
          <button key={k} type="button" className="keypad-key" data-testid={`keypad-${k}`} onClick={() => onDigit(k)} disabled={isLocked}>
            {k}
          </button>
        ))}
        <button type="button" className="keypad-key keypad-aux" data-testid="keypad-clear" onClick={onClear} disabled={isLocked}>
          {t('kiosk.phone.clear')}
        </button>
        <button type="button" className="keypad-key" data-testid="keypad-0" onClick={() => onDigit('0')} disabled={isLocked}>
          0
        </button>
        <button type="button" className="keypad-key keypad-aux" data-testid="keypad-delete" onClick={onDelete} disabled={isLocked}>
          {t('kiosk.phone.delete')}
        </button>
      </div>
      <div className="row">
        <button type="button" className="button button-big" onClick={onCancel} data-testid="phone-cancel">
          {t('common.back')}
        </button>
        <button type="button" className="button button-big button-primary" onClick={onSubmit} disabled={isLocked} data-testid="keypad-submit">
          {t('kiosk.phone.submit')}
        </button>
      </div>
    </div>
  );
}
