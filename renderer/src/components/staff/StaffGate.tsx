import { useState, type FormEvent, type ReactNode } from 'react';
import { useInvoke } from '../../hooks/use-call.js';
import { DataText } from '../DataText.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { ErrorNotice } from '../ErrorNotice.js';
import { Loading } from '../Loading.js';
import { useStaffSession } from './staff-session.js';
import type { ErrorInfo } from '../../../../electron/contract/index.js';

/** Shows `children` only to a signed-in staff member with the role needed; otherwise a PIN sign-in. */
export function StaffGate({ role, children }: { role: 'cashier' | 'manager'; children: ReactNode }) {
  const { t } = useI18n();
  const { session, signOut } = useStaffSession();
  if (session === undefined) return <Loading />;
  const isAllowed = session !== null && (role === 'cashier' || session.role === 'manager');
  if (isAllowed) {
    return (
      <>
        <div className="staff-bar" data-testid="staff-bar">
          <span data-testid="staff-signed-in">
            <DataText text={t('staff.signedInAs', { name: session.displayName, role: t(`staff.role.${session.role}`) })} data={[session.displayName]} />
          </span>
          <button type="button" className="button button-link" onClick={() => void signOut()} data-testid="staff-sign-out">
            {t('staff.signOut')}
          </button>
        </div>
        {children}
      </>
    );
  }
  return <SignInPanel needsManager={session !== null && role === 'manager'} />;
}

function SignInPanel({ needsManager }: { needsManager: boolean }) {
  const { t } = useI18n();
  const invoke = useInvoke();
  const { setSession } = useStaffSession();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [isBusy, setBusy] = useState(false);
  const [isSetup, setSetup] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const envelope = await invoke('staff.signIn', { pin });
    setBusy(false);
    setPin('');
    if (envelope.ok) setSession(envelope.value);
    else setError(envelope.error);
  };

  if (isSetup) return <ManagerSetup onBack={() => setSetup(false)} />;
  const attempts = error?.details?.attemptsLeft;
  return (
    <section className="panel narrow" data-testid="staff-sign-in">
      <h2>{t('staff.signIn.title')}</h2>
      {needsManager ? <p className="notice notice-warn">{t('staff.signIn.needsManager')}</p> : null}
      <form onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor="staff-pin">{t('staff.signIn.pin')}</label>
          <input id="staff-pin" className="input input-big" type="password" inputMode="numeric" autoComplete="off" value={pin} onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 8))} data-testid="staff-pin" />
        </div>
        {error?.code === 'PIN_INCORRECT' ? <p className="notice notice-error" data-testid="staff-pin-wrong">{t('staff.signIn.wrongPin', { attempts: typeof attempts === 'number' ? attempts : 0 })}</p> : null}
        {error?.code === 'STAFF_LOCKED_OUT' ? <p className="notice notice-error">{t('staff.signIn.lockedOut')}</p> : null}
        {error && error.code !== 'PIN_INCORRECT' && error.code !== 'STAFF_LOCKED_OUT' ? <ErrorNotice error={error} /> : null}
        <button type="submit" className="button button-primary" disabled={isBusy || pin.length < 4} data-testid="staff-sign-in-submit">
          {t('staff.signIn.submit')}
        </button>
      </form>
      <button type="button" className="button button-link" onClick={() => setSetup(true)} data-testid="staff-setup-link">
        {t('staff.setup.link')}
      </button>
    </section>
  );
}

function ManagerSetup({ onBack }: { onBack(): void }) {
  const { t } = useI18n();
  const invoke = useInvoke();
  const { setSession } = useStaffSession();
  const [name, setName] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<ErrorInfo | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const created = await invoke('staff.bootstrapManager', { name, pin });
    if (!created.ok) return setError(created.error);
    const signedIn = await invoke('staff.signIn', { pin });
    if (signedIn.ok) setSession(signedIn.value);
    else setError(signedIn.error);
  };
  return (
    <section className="panel narrow" data-testid="staff-setup">
      <h2>{t('staff.setup.title')}</h2>
      <form onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor="setup-name">{t('staff.setup.name')}</label>
          <input id="setup-name" className="input" value={name} onChange={(e) => setName(e.target.value)} data-testid="setup-name" />
        </div>
        <div className="field">
          <label htmlFor="setup-pin">{t('staff.setup.pin')}</label>
          <input id="setup-pin" className="input" type="password" inputMode="numeric" value={pin} onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 8))} data-testid="setup-pin" />
        </div>
        {error?.code === 'STAFF_ALREADY_SET_UP' ? <p className="notice notice-warn">{t('staff.setup.alreadyDone')}</p> : error ? <ErrorNotice error={error} /> : null}
        <div className="row">
          <button type="button" className="button" onClick={onBack}>
            {t('common.back')}
          </button>
          <button type="submit" className="button button-primary" disabled={name.trim() === '' || pin.length < 4} data-testid="setup-submit">
            {t('staff.setup.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
