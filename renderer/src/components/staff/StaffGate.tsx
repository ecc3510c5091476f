import { useState, type FormEvent, type ReactNode } from 'react';
import { useInvoke } from '../../hooks/use-call.js';
import { DataText } from '../DataText.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { ErrorNotice } from '../ErrorNotice.js';
import { Loading } from '../Loading.js';
import { StaffSignIn } from './StaffSignIn.js';
import { useStaffSession } from './staff-session.js';
import type { ErrorInfo } from '../../../../electron/contract/index.js';

/** Shows `children` only to a signed-in staff member with the role needed; otherwise the sign-in (name, then PIN). */
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
  const [isSetup, setSetup] = useState(false);
  if (isSetup) return <ManagerSetup onBack={() => setSetup(false)} />;
  return <StaffSignIn needsManager={needsManager} onSetup={() => setSetup(true)} />;
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
    const signedIn = await invoke('staff.signIn', { staffId: created.value.staffId, pin });
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
