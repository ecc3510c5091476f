import type { ConsoleApiError } from '../api/console-client.js';
import { useConsoleI18n } from '../i18n/console-i18n.js';

/** A refusal in words: every console error code has a sentence in the three catalogues. */
export function ErrorNotice({ error, onRetry }: { error: ConsoleApiError | null; onRetry?: () => void }) {
  const { t, dateTime, locale } = useConsoleI18n();
  // Chinese sentences follow each other without a space; English ones need one.
  const gap = locale === 'en' ? ' ' : '';
  if (!error) return null;
  const retry = error.retryAfterSeconds;
  return (
    <div className="notice notice-error" role="alert" data-testid="error" data-code={error.code}>
      <span>
        {t(`error.${error.code}`)}
        {retry !== null && retry > 0 && `${gap}${t('error.retryAt', { time: dateTime(new Date(Date.now() + retry * 1000).toISOString()), seconds: retry })}`}
      </span>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
