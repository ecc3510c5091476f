import { useState } from 'react';
import { useConsoleI18n } from '../i18n/console-i18n.js';

/** A destructive action asks once, inline (no window.confirm: it blocks the page and tests). */
export function ConfirmButton({ label, question, onConfirm, disabled, testId }: { label: string; question: string; onConfirm(): void; disabled?: boolean; testId?: string }) {
  const { t } = useConsoleI18n();
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className="button" disabled={disabled} data-testid={testId} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm-inline" role="group">
      <span>{question}</span>
      <button
        type="button"
        className="button button-primary"
        data-testid={testId ? `${testId}-confirm` : undefined}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {t('common.confirm')}
      </button>
      <button type="button" className="button" onClick={() => setAsking(false)}>
        {t('common.cancel')}
      </button>
    </span>
  );
}
