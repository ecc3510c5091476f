import { useState, type FormEvent } from 'react';
import { useSession } from '../api/session-context.js';
import { asApiError } from '../api/use-load.js';
import type { ConsoleApiError } from '../api/console-client.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { useConsoleI18n } from '../i18n/console-i18n.js';

/** Sign-in: a wrong password says so; a locked account says until when (HQ's retryAfterSeconds). */
export function SignInPage() {
  const { t } = useConsoleI18n();
  const { signIn } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ConsoleApiError | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      await signIn(username.trim(), password);
    } catch (err) {
      setError(asApiError(err));
      setPassword('');
    } finally {
      setPending(false);
    }
  };
  return (
    <main className="screen narrow console-auth" data-testid="page-signin">
      <form className="panel" onSubmit={(e) => void submit(e)}>
        <h1>{t('signin.title')}</h1>
        <div className="field">
          <label htmlFor="signin-username">{t('signin.username')}</label>
          <input id="signin-username" className="input" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
        </div>
        <div className="field">
          <label htmlFor="signin-password">{t('signin.password')}</label>
          <input id="signin-password" className="input" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </div>
        <ErrorNotice error={error} />
        <button type="submit" className="button button-primary" disabled={pending} data-testid="signin-submit">
          {t('signin.submit')}
        </button>
      </form>
    </main>
  );
}
