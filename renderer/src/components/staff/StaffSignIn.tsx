import { useState, type FormEvent } from 'react';
import { useCall, useInvoke } from '../../hooks/use-call.js';
import { DataText } from '../DataText.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { ErrorNotice } from '../ErrorNotice.js';
import { Loading } from '../Loading.js';
import { useStaffSession } from './staff-session.js';
import type { ErrorInfo } from '../../../../electron/contract/index.js';

/**
 * Staff sign-in names the account: the staff member taps their name, then types the PIN. Wrong PINs
 * count against that account only (the service locks it with backoff), so a passer-by guessing at
 * one name never locks the rest of the shift out.
 */
export function StaffSignIn({ needsManager, onSetup }: { needsManager: boolean; onSetup(): void }) {
  const { t } = useI18n();
  const invoke = useInvoke();
  const { setSession } = useStaffSession();
  const { state: roster } = useCall('staff.roster', {});
  const [chosen, setChosen] = useState<{ staffId: string; displayName: string } | null>(null);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [isBusy, setBusy] = useState(false);

  const choose = (entry: { staffId: string; displayName: string } | null) => {
    setChosen(entry);
    setPin('');
    setError(null);
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!chosen) return;
    setBusy(true);
    const envelope = await invoke('staff.signIn', { staffId: chosen.staffId, pin });
    setBusy(false);
    setPin('');
    if (envelope.ok) setSession(envelope.value);
    else setError(envelope.error);
  };

  if (roster.status === 'loading' || roster.status === 'idle') return <Loading />;
  if (roster.status === 'error') return <ErrorNotice error={roster.error} />;
  const attempts = error?.details?.attemptsLeft;
  return (
    <section className="panel narrow" data-testid="staff-sign-in">
      <h2>{t('staff.signIn.title')}</h2>
      {needsManager ? <p className="notice notice-warn">{t('staff.signIn.needsManager')}</p> : null}
      {roster.value.length === 0 ? <p className="muted" data-testid="staff-roster-empty">{t('staff.signIn.noStaff')}</p> : null}
      {chosen === null ? (
        <>
          {roster.value.length > 0 ? <p>{t('staff.signIn.chooseName')}</p> : null}
          <div className="row staff-roster" role="list">
            {roster.value.map((entry) => (
              <button key={entry.staffId} type="button" role="listitem" className="button staff-tile" onClick={() => choose(entry)} data-testid="staff-tile">
                <span translate="no">{entry.displayName}</span> <span className="muted">{t(`staff.role.${entry.role}`)}</span>
              </button>
            ))}
          </div>
        </>
      ) : (
        <form onSubmit={(e) => void submit(e)}>
          <div className="field">
            <label htmlFor="staff-pin">
              <DataText text={t('staff.signIn.pinFor', { name: chosen.displayName })} data={[chosen.displayName]} />
            </label>
            <input id="staff-pin" className="input input-big" type="password" inputMode="numeric" autoComplete="off" autoFocus value={pin} onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 8))} data-testid="staff-pin" />
          </div>
          {error?.code === 'PIN_INCORRECT' ? <p className="notice notice-error" data-testid="staff-pin-wrong">{t('staff.signIn.wrongPin', { attempts: typeof attempts === 'number' ? attempts : 0 })}</p> : null}
          {error?.code === 'STAFF_LOCKED_OUT' ? <p className="notice notice-error" data-testid="staff-locked-out">{t('staff.signIn.lockedOut')}</p> : null}
          {error && error.code !== 'PIN_INCORRECT' && error.code !== 'STAFF_LOCKED_OUT' ? <ErrorNotice error={error} /> : null}
          <div className="row">
            <button type="button" className="button" onClick={() => choose(null)} data-testid="staff-choose-other">
              {t('staff.signIn.notMe')}
            </button>
            <button type="submit" className="button button-primary" disabled={isBusy || pin.length < 4} data-testid="staff-sign-in-submit">
              {t('staff.signIn.submit')}
            </button>
          </div>
        </form>
      )}
      <button type="button" className="button button-link" onClick={onSetup} data-testid="staff-setup-link">
        {t('staff.setup.link')}
      </button>
    </section>
  );
}
