import { useI18n } from '../i18n/i18n-context.js';

export function Loading({ label, testId = 'loading' }: { label?: string; testId?: string }) {
  const { t } = useI18n();
  return (
    <div className="loading" role="status" aria-live="polite" data-testid={testId}>
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t('common.loading')}</span>
    </div>
  );
}
