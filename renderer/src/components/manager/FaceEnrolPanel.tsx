import { useState, type ChangeEvent } from 'react';
import type { ErrorInfo, ResultOf } from '../../../../electron/contract/index.js';
import { useInvoke } from '../../hooks/use-call.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { FACE_CONSENT_TEXT_VERSION } from '../../i18n/consent-text.js';
import { ErrorNotice } from '../ErrorNotice.js';

type EnrolResult = ResultOf<'face.enrollFromPhotos'>;
const MAX_PHOTOS = 10;

function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('could not read the file'));
    reader.readAsDataURL(file);
  });
}

/**
 * Staff-assisted enrolment from photos (a member who joined by phone, or a new terminal). The
 * member's separate face consent comes first; the photos go to the on-device engine and are not kept.
 */
export function FaceEnrolPanel({ memberId, hasConsent, onConsented }: { memberId: string; hasConsent: boolean; onConsented(): void }) {
  const { t } = useI18n();
  const invoke = useInvoke();
  const [files, setFiles] = useState<File[]>([]);
  const [isBusy, setBusy] = useState(false);
  const [result, setResult] = useState<EnrolResult | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);

  // Asked only when the service says so (no birthday on file): the member confirms being 14 or older.
  const [needsAttestation, setNeedsAttestation] = useState(false);
  const [isAdultAttested, setAdultAttested] = useState(false);

  const consent = async () => {
    const envelope = await invoke('consent.grant', {
      opId: crypto.randomUUID(),
      memberId,
      kind: 'face',
      textVersion: FACE_CONSENT_TEXT_VERSION,
      ...(needsAttestation && isAdultAttested ? { adultAttested: true } : {}),
    });
    if (!envelope.ok) {
      if (envelope.error.code === 'AGE_ATTESTATION_REQUIRED') setNeedsAttestation(true);
      return setError(envelope.error);
    }
    setError(null);
    onConsented();
  };
  const enrol = async () => {
    setBusy(true);
    setError(null);
    try {
      const imagesBase64 = await Promise.all(files.slice(0, MAX_PHOTOS).map(readAsBase64));
      const envelope = await invoke('face.enrollFromPhotos', { memberId, imagesBase64 });
      if (envelope.ok) setResult(envelope.value);
      else setError(envelope.error);
    } catch (e) {
      setError({ code: 'FACE_IMAGE_UNREADABLE', message: e instanceof Error ? e.message : String(e), retryable: false });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="panel" data-testid="face-enrol">
      <h3>{t('faceEnrol.title')}</h3>
      {!hasConsent ? (
        <>
          <p className="notice notice-warn">{t('faceEnrol.needsConsent', { version: FACE_CONSENT_TEXT_VERSION })}</p>
          <p className="consent-text">{t('join.consent.text')}</p>
          {needsAttestation ? (
            <label className="row">
              <input type="checkbox" checked={isAdultAttested} onChange={(e) => setAdultAttested(e.target.checked)} data-testid="face-enrol-adult" />
              {t('join.consent.adultAttest')}
            </label>
          ) : null}
          <button type="button" className="button" onClick={() => void consent()} data-testid="face-enrol-consent">
            {t('faceEnrol.recordConsent')}
          </button>
        </>
      ) : (
        <>
          {/* Chromium's own file button speaks its locale ("Choose Files / No file chosen" in a Chinese screen): ours speaks the app's. */}
          <label className="field file-field">
            <span>{t('faceEnrol.photos')}</span>
            <input type="file" className="visually-hidden" accept="image/jpeg,image/png" multiple onChange={(e: ChangeEvent<HTMLInputElement>) => setFiles([...(e.target.files ?? [])])} data-testid="face-enrol-files" />
            <span className="row">
              <span className="button" aria-hidden="true">
                {t('faceEnrol.choose')}
              </span>
              <span className="muted" data-testid="face-enrol-chosen">
                {files.length === 0 ? t('faceEnrol.noneChosen') : t('faceEnrol.chosen', { count: files.length })}
              </span>
            </span>
          </label>
          <button type="button" className="button button-primary" disabled={files.length === 0 || isBusy} onClick={() => void enrol()} data-testid="face-enrol-submit">
            {isBusy ? t('faceEnrol.working') : t('faceEnrol.submit')}
          </button>
        </>
      )}
      {result ? (
        <p className="notice notice-ok" data-testid="face-enrol-done">
          {t('faceEnrol.done', { added: result.templatesAdded, total: result.templatesTotal })}
          {result.skipped.length > 0 ? ` ${t('faceEnrol.skipped', { count: result.skipped.length, codes: result.skipped.map((s) => s.code).join(', ') })}` : null}
        </p>
      ) : null}
      {error ? <ErrorNotice error={error} testId="face-enrol-error" /> : null}
    </div>
  );
}
