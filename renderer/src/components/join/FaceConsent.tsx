import { useState } from 'react';
import type { ErrorInfo } from '../../../../electron/contract/index.js';
import { DataText } from '../DataText.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { ErrorNotice } from '../ErrorNotice.js';

export interface Guardian {
  name: string;
  relation: string;
}

interface FaceConsentProps {
  textVersion: string;
  needsGuardian: boolean;
  /** No birthday was given: the person confirms being 14 or older (the service refuses otherwise). */
  needsAgeAttestation: boolean;
  isBusy: boolean;
  error: ErrorInfo | null;
  onAgree(guardian: Guardian | null, adultAttested: boolean): void;
  onDecline(): void;
}

/**
 * The separate, explicit consent: its own screen, the versioned text in full, nothing pre-ticked.
 * Declining is one tap and still completes joining.
 */
export function FaceConsent({ textVersion, needsGuardian, needsAgeAttestation, isBusy, error, onAgree, onDecline }: FaceConsentProps) {
  const { t } = useI18n();
  const [guardianName, setGuardianName] = useState('');
  const [relation, setRelation] = useState('');
  const [isGuardianConfirmed, setGuardianConfirmed] = useState(false);
  const [isMissing, setMissing] = useState(false);
  const [isAdultAttested, setAdultAttested] = useState(false);
  const [isAttestationMissing, setAttestationMissing] = useState(false);

  const agree = () => {
    if (needsAgeAttestation && !needsGuardian) {
      if (!isAdultAttested) return setAttestationMissing(true);
      return onAgree(null, true);
    }
    if (!needsGuardian) return onAgree(null, false);
    if (guardianName.trim() === '' || relation.trim() === '' || !isGuardianConfirmed) return setMissing(true);
    onAgree({ name: guardianName.trim(), relation: relation.trim() }, false);
  };

  return (
    <div className="kiosk-card consent" data-testid="face-consent" data-version={textVersion}>
      <h2>{t('join.consent.title')}</h2>
      <p className="consent-text" data-testid="consent-text">
        {t('join.consent.text')}
      </p>
      <p className="muted" data-testid="consent-version">
        <DataText text={t('join.consent.version', { version: textVersion })} data={[textVersion]} />
      </p>
      {needsGuardian ? (
        <fieldset className="guardian" data-testid="guardian">
          <legend>{t('join.consent.guardianTitle')}</legend>
          <p>{t('join.consent.guardianBody')}</p>
          <div className="grid-2">
            <div className="field">
              <label htmlFor="guardian-name">{t('join.consent.guardianName')}</label>
              <input id="guardian-name" className="input" value={guardianName} onChange={(e) => setGuardianName(e.target.value)} data-testid="guardian-name" />
            </div>
            <div className="field">
              <label htmlFor="guardian-relation">{t('join.consent.guardianRelation')}</label>
              <input id="guardian-relation" className="input" value={relation} onChange={(e) => setRelation(e.target.value)} data-testid="guardian-relation" />
            </div>
          </div>
          <label className="row">
            <input type="checkbox" checked={isGuardianConfirmed} onChange={(e) => setGuardianConfirmed(e.target.checked)} data-testid="guardian-confirm" />
            {t('join.consent.guardianConfirm')}
          </label>
          {isMissing ? <p className="notice notice-warn">{t('join.consent.guardianMissing')}</p> : null}
        </fieldset>
      ) : null}
      {needsAgeAttestation && !needsGuardian ? (
        <fieldset className="guardian" data-testid="consent-age">
          <label className="row">
            <input
              type="checkbox"
              checked={isAdultAttested}
              onChange={(e) => {
                setAdultAttested(e.target.checked);
                setAttestationMissing(false);
              }}
              data-testid="consent-adult"
            />
            {t('join.consent.adultAttest')}
          </label>
          <p className="muted">{t('join.consent.adultAttestHint')}</p>
          {isAttestationMissing ? <p className="notice notice-warn">{t('join.consent.adultAttestMissing')}</p> : null}
        </fieldset>
      ) : null}
      {error ? <ErrorNotice error={error} testId="consent-error" /> : null}
      <div className="row consent-actions">
        <button type="button" className="button button-big" onClick={onDecline} disabled={isBusy} data-testid="consent-decline">
          {t('join.consent.decline')}
        </button>
        <button type="button" className="button button-big button-primary" onClick={agree} disabled={isBusy} data-testid="consent-agree">
          {t('join.consent.agree')}
        </button>
      </div>
    </div>
  );
}
