import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n/i18n-context.js';

export interface ConfirmRequest {
  /** The consequence, in the current language (what is lost, and whether it can be undone). */
  body: string;
  confirmLabel: string;
  onConfirm(): void;
}

/**
 * A modal question before an action that cannot be undone (withdrawing face consent deletes the
 * templates; deactivating staff locks them out). Cancel has the focus, so Enter never destroys.
 */
export function ConfirmDialog({ request, onClose }: { request: ConfirmRequest | null; onClose(): void }) {
  const { t } = useI18n();
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (request) cancelRef.current?.focus();
  }, [request]);
  if (!request) return null;
  return (
    <div
      className="overlay"
      role="alertdialog"
      aria-modal="true"
      aria-label={t('confirm.title')}
      data-testid="confirm-dialog"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <div className="panel narrow">
        <h2>{t('confirm.title')}</h2>
        <p data-testid="confirm-body">{request.body}</p>
        <div className="row">
          <button type="button" className="button" ref={cancelRef} onClick={onClose} data-testid="confirm-cancel">
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className="button button-danger"
            onClick={() => {
              onClose();
              request.onConfirm();
            }}
            data-testid="confirm-ok"
          >
            {request.confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
