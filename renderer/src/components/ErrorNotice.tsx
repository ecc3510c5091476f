import type { ErrorInfo } from '../../../electron/contract/index.js';
import { errorText } from '../i18n/errors/error-text.js';
import { useI18n } from '../i18n/i18n-context.js';

/**
 * Every failed call shows what happened, in the reader's language (from the error code, never the
 * server's English message), and, when trying again can help, a way to do so.
 */
export function ErrorNotice({ error, onRetry, testId = 'error-notice' }: { error: ErrorInfo; onRetry?: () => void; testId?: string }) {
  const { t, locale } = useI18n();
  return (
    <div className="notice notice-error" role="alert" data-testid={testId} data-code={error.code}>
      <span>{errorText(locale, error)}</span>
      {onRetry && error.retryable ? (
        <button type="button" className="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      ) : null}
    </div>
  );
}
