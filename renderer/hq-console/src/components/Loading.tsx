import { useConsoleI18n } from '../i18n/console-i18n.js';

export function Loading() {
  const { t } = useConsoleI18n();
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {t('common.loading')}
    </div>
  );
}
