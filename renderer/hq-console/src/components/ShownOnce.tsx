import { useConsoleI18n } from '../i18n/console-i18n.js';

/** A secret HQ shows once (a provisioning token, a setup link): selectable, copyable, never stored by the page. */
export function ShownOnce({ label, secret, testId, onClose }: { label: string; secret: string; testId: string; onClose(): void }) {
  const { t } = useConsoleI18n();
  return (
    <div className="notice notice-warn shown-once" role="status">
      <div className="shown-once-body">
        <p>{label}</p>
        <code className="secret" data-testid={testId}>
          {secret}
        </code>
      </div>
      <div className="row">
        <button type="button" className="button" onClick={() => void navigator.clipboard?.writeText(secret)}>
          {t('common.copy')}
        </button>
        <button type="button" className="button" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </div>
  );
}
