import type { ErrorInfo } from '../../../electron/contract/index.js';
import { useI18n } from '../i18n/i18n-context.js';

/** Every failed call shows what happened and, when trying again can help, a way to do so. */
export function ErrorNotice({ error, onRetry, testId = 'error-notice' }: { error: ErrorInfo; onRetry?: () => void; testId?: string }) {
  const { t } = useI18n();
  return (
    <div className="notice notice-error" role="alert" data-testid={testId} data-code={error.code}>
      <span>{t('common.error', { message: error.message })}</span>
      {onRetry && error.retryable ? (
        <button type="button" className="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      ) : null}
    </div>
  );
}
