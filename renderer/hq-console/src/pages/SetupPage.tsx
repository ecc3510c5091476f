import { useState, type FormEvent } from 'react';
import { useSession } from '../api/session-context.js';
import { asApiError } from '../api/use-load.js';
import type { ConsoleApiError } from '../api/console-client.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { useConsoleI18n } from '../i18n/console-i18n.js';

const MIN_PASSWORD = 12;

/** The one-time token rides in the fragment (#token=…): never sent to HQ in a URL, never in access logs. */
function tokenFromFragment(): string {
  return new URLSearchParams(globalThis.location.hash.replace(/^#/, '')).get('token') ?? '';
}

/** First-admin (and new staff) setup from the one-time link printed by `npm run hq -- create-admin`. */
export function SetupPage({ onDone }: { onDone(): void }) {
  const { t } = useConsoleI18n();
  const { setUp } = useSession();
  const [token] = useState(tokenFromFragment);
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ConsoleApiError | null>(null);
  const problem = password.length > 0 && password.length < MIN_PASSWORD ? t('setup.tooShort') : again.length > 0 && again !== password ? t('setup.mismatch') : null;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (problem || password !== again) return;
    setPending(true);
    setError(null);
    try {
      await setUp(token, password, displayName.trim());
      // The token is spent: drop it from the address bar and history.
      globalThis.history.replaceState(null, '', `/console/${globalThis.location.search}`);
      onDone();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setPending(false);
    }
  };
  return (
    <main className="screen narrow console-auth" data-testid="page-setup">
      <form className="panel" onSubmit={(e) => void submit(e)}>
        <h1>{t('setup.title')}</h1>
        {token === '' ? (
          <div className="notice notice-error" role="alert">
            {t('setup.noToken')}
          </div>
        ) : (
          <p className="muted">{t('setup.intro')}</p>
        )}
        <div className="field">
          <label htmlFor="setup-name">{t('setup.displayName')}</label>
          <input id="setup-name" className="input" value={displayName} onChange={(e) => setDisplayName(e.target.value)} required maxLength={60} />
        </div>
        <div className="field">
          <label htmlFor="setup-password">{t('setup.password')}</label>
          <input id="setup-password" className="input" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </div>
        <div className="field">
          <label htmlFor="setup-again">{t('setup.passwordAgain')}</label>
          <input id="setup-again" className="input" type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} required />
        </div>
        {problem && <p className="field-problem">{problem}</p>}
        <ErrorNotice error={error} />
        <button type="submit" className="button button-primary" disabled={pending || token === '' || problem !== null || password === ''} data-testid="setup-submit">
          {t('setup.submit')}
        </button>
      </form>
    </main>
  );
}
