import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import { keyboardReducer, pinyinCandidates, type KeyboardAction, type KeyboardMode } from './pinyin-input.js';

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];
const LETTER_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

interface OnScreenKeyboardProps {
  /** The field's text; the keyboard edits it through onChange. */
  value: string;
  onChange(value: string): void;
  /** Digits only (a phone number): no letters, no pinyin. */
  isNumeric?: boolean;
}

/**
 * A touch keyboard for the kiosk's forms (there is no physical keyboard at a kiosk, and a system
 * keyboard would cover the form): digits, letters, and pinyin for Chinese names with a candidate
 * bar of common name characters (pinyin-dictionary.ts). Keys are at least 72 px.
 */
export function OnScreenKeyboard({ value, onChange, isNumeric = false }: OnScreenKeyboardProps) {
  const { t } = useI18n();
  const [pending, setPending] = useState('');
  const [mode, setMode] = useState<KeyboardMode>('pinyin');
  const act = (action: KeyboardAction) => {
    const next = keyboardReducer({ value, pending, mode }, action);
    setPending(next.pending);
    setMode(next.mode);
    if (next.value !== value) onChange(next.value);
  };
  const candidates = pinyinCandidates(pending);
  const key = (k: string) => (
    <button key={k} type="button" className="osk-key" onClick={() => act({ type: 'key', key: k })} data-testid={`osk-key-${k}`}>
      {isNumeric ? k : k.toUpperCase()}
    </button>
  );

  return (
    <div className="osk" role="group" aria-label={t('osk.label')} data-testid="osk" data-mode={isNumeric ? 'digits' : mode}>
      {!isNumeric && mode === 'pinyin' ? (
        <div className="osk-candidates" data-testid="osk-candidates" aria-live="polite">
          {pending === '' ? <span className="muted">{t('osk.hint')}</span> : null}
          {pending !== '' ? (
            <span className="osk-pending" translate="no" data-testid="osk-pending">
              {pending}
            </span>
          ) : null}
          {candidates.map((c, i) => (
            <button key={c} type="button" className="osk-candidate" onClick={() => act({ type: 'pick', character: c })} data-testid={`osk-candidate-${i}`}>
              {c}
            </button>
          ))}
          {pending !== '' && candidates.length === 0 ? <span className="muted">{t('osk.noCandidates')}</span> : null}
        </div>
      ) : null}
      <div className="osk-row">{DIGITS.map(key)}</div>
      {isNumeric
        ? null
        : LETTER_ROWS.map((row) => (
            <div key={row} className="osk-row">
              {[...row].map(key)}
            </div>
          ))}
      <div className="osk-row">
        {isNumeric ? null : (
          <>
            <button type="button" className={mode === 'pinyin' ? 'osk-key osk-wide osk-active' : 'osk-key osk-wide'} aria-pressed={mode === 'pinyin'} onClick={() => act({ type: 'mode', mode: 'pinyin' })} data-testid="osk-mode-pinyin">
              {t('osk.mode.pinyin')}
            </button>
            <button type="button" className={mode === 'letters' ? 'osk-key osk-wide osk-active' : 'osk-key osk-wide'} aria-pressed={mode === 'letters'} onClick={() => act({ type: 'mode', mode: 'letters' })} data-testid="osk-mode-letters">
              {t('osk.mode.letters')}
            </button>
            <button type="button" className="osk-key osk-space" onClick={() => act({ type: 'space' })} data-testid="osk-space">
              {t('osk.space')}
            </button>
          </>
        )}
        <button type="button" className="osk-key osk-wide" onClick={() => act({ type: 'delete' })} data-testid="osk-delete">
          {t('osk.delete')}
        </button>
      </div>
    </div>
  );
}
