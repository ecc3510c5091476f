import { useState, type FormEvent } from 'react';
import type { ErrorInfo } from '../../../../electron/contract/index.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { ErrorNotice } from '../ErrorNotice.js';
import { OnScreenKeyboard } from '../keyboard/OnScreenKeyboard.js';

export interface JoinDetails {
  name: string;
  phone: string;
  birthday: string | null;
}

const FIELD_ERRORS = {
  NAME_INVALID: 'join.error.name',
  PHONE_INVALID: 'join.error.phone',
  MEMBER_PHONE_EXISTS: 'join.error.phoneTaken',
} as const;

export function JoinDetailsForm({ isBusy, error, onSubmit, onCancel }: { isBusy: boolean; error: ErrorInfo | null; onSubmit(details: JoinDetails): void; onCancel(): void }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [birthday, setBirthday] = useState('');
  // The on-screen keyboard types into the field last touched (a kiosk has no physical keyboard).
  const [activeField, setActiveField] = useState<'name' | 'phone'>('name');
  const [problem, setProblem] = useState<'join.error.name' | 'join.error.phone' | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === '') return setProblem('join.error.name');
    if (!/^1[3-9]\d{9}$/.test(phone)) return setProblem('join.error.phone');
    setProblem(null);
    onSubmit({ name: name.trim(), phone, birthday: birthday || null });
  };
  const known = error ? FIELD_ERRORS[error.code as keyof typeof FIELD_ERRORS] : undefined;

  return (
    <form className="kiosk-card join-form" onSubmit={submit} data-testid="join-details">
      <h2>{t('join.details.title')}</h2>
      <div className="field">
        <label htmlFor="join-name">{t('join.name')}</label>
        <input id="join-name" className={activeField === 'name' ? 'input input-big input-active' : 'input input-big'} inputMode="none" value={name} onFocus={() => setActiveField('name')} onChange={(e) => setName(e.target.value)} autoComplete="off" data-testid="join-name" />
      </div>
      <div className="field">
        <label htmlFor="join-phone">{t('join.phone')}</label>
        <input id="join-phone" className={activeField === 'phone' ? 'input input-big input-active' : 'input input-big'} inputMode="none" value={phone} onFocus={() => setActiveField('phone')} onChange={(e) => setPhone(e.target.value.replace(/\D/g, '').slice(0, 11))} autoComplete="off" data-testid="join-phone" />
      </div>
      <div className="field">
        <label htmlFor="join-birthday">{t('join.birthday')}</label>
        <input id="join-birthday" className="input" type="date" value={birthday} onChange={(e) => setBirthday(e.target.value)} data-testid="join-birthday" />
        <span className="muted">{t('join.minorHint')}</span>
      </div>
      {activeField === 'name' ? <OnScreenKeyboard key="name" value={name} onChange={setName} /> : <OnScreenKeyboard key="phone" value={phone} onChange={(v) => setPhone(v.replace(/\D/g, '').slice(0, 11))} isNumeric />}
      {problem ? <p className="notice notice-warn" data-testid="join-problem">{t(problem)}</p> : null}
      {known ? <p className="notice notice-warn" data-testid="join-error" data-code={error?.code}>{t(known)}</p> : error ? <ErrorNotice error={error} testId="join-error" /> : null}
      <div className="row consent-actions">
        <button type="button" className="button button-big" onClick={onCancel} data-testid="join-cancel">
          {t('common.back')}
        </button>
        <button type="submit" className="button button-big button-primary" disabled={isBusy} data-testid="join-submit">
          {isBusy ? t('join.creating') : t('join.submit')}
        </button>
      </div>
    </form>
  );
}
