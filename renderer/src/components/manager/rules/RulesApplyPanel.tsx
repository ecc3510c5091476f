import { useState } from 'react';
import { DateField } from '../../../../shared/DateField.js';
import type { ErrorInfo, ResultOf } from '../../../../../electron/contract/index.js';
import type { LoyaltyRules } from '../../../../../electron/contract/loyalty-rules.js';
import { useInvoke } from '../../../hooks/use-call.js';
import { useI18n } from '../../../i18n/i18n-context.js';
import { ConfirmDialog, type ConfirmRequest } from '../../ConfirmDialog.js';
import { ErrorNotice } from '../../ErrorNotice.js';
import { issueText } from './rules-issues.js';

type Check = ResultOf<'loyalty.previewRules'>;

/**
 * The draft's check and preview (from the service: the schema HQ publishes with, and the store's own
 * members), then "apply from date" behind a confirmation that repeats what the preview said.
 */
export function RulesApplyPanel({
  draft,
  check,
  isChecking,
  today,
  nextVersion,
  onApplied,
}: {
  draft: LoyaltyRules;
  check: Check | null;
  isChecking: boolean;
  today: string;
  nextVersion: number;
  onApplied(result: ResultOf<'loyalty.applyRules'>, startsOn: string): void;
}) {
  const { t, locale, localDate } = useI18n();
  const invoke = useInvoke();
  const [startsOn, setStartsOn] = useState(today);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [isApplying, setApplying] = useState(false);
  const issues = check?.issues ?? [];
  const preview = check?.preview ?? null;
  // '' while the date field holds no real date; a past date is refused by the service too.
  const canApply = !isChecking && preview !== null && issues.length === 0 && startsOn !== '' && startsOn >= today && !isApplying;

  const apply = async () => {
    setApplying(true);
    const envelope = await invoke('loyalty.applyRules', { opId: crypto.randomUUID(), rules: draft, startsOn });
    setApplying(false);
    if (!envelope.ok) return setError(envelope.error);
    setError(null);
    onApplied(envelope.value, startsOn);
  };
  const ask = () => {
    if (!preview) return;
    setConfirm({
      body: t('rulesEdit.confirm.body', { version: nextVersion, date: localDate(startsOn), up: preview.up, down: preview.down }),
      confirmLabel: t('rulesEdit.confirm.ok'),
      onConfirm: () => void apply(),
    });
  };

  return (
    <div className="panel rules-apply" data-testid="rules-apply">
      {isChecking ? <p className="muted" data-testid="rules-checking">{t('rulesEdit.checking')}</p> : null}
      {!isChecking && issues.length > 0 ? (
        <div className="notice notice-error" role="alert" data-testid="rules-issues">
          <div>
            <p>{t('rulesEdit.issues', { count: issues.length })}</p>
            <ul>
              {issues.map((issue, i) => (
                <li key={i}>{issueText(issue, draft, t, locale)}</li>
              ))}
            </ul>
          </div>
        </div>
      ) : null}
      {!isChecking && preview ? (
        <div data-testid="rules-preview" data-up={preview.up} data-down={preview.down}>
          <p className="notice notice-ok">{t('rulesEdit.valid')}</p>
          <h4>{t('rulesEdit.preview.title')}</h4>
          <p data-testid="rules-preview-summary">{t('rulesEdit.preview.summary', { members: preview.membersConsidered, up: preview.up, down: preview.down })}</p>
          {preview.moves.length === 0 ? (
            <p className="muted">{t('rulesEdit.preview.none')}</p>
          ) : (
            <ul className="list" data-testid="rules-preview-moves">
              {preview.moves.map((m) => (
                <li key={`${m.fromTierId}-${m.toTierId}`} className={m.direction === 'up' ? 'comparison-up' : 'comparison-down'}>
                  {m.direction === 'up' ? '▲ ' : '▼ '}
                  {t('rulesEdit.preview.move', { from: m.fromName[locale], to: m.toName[locale], members: m.members })} ({t(`rulesEdit.preview.${m.direction}`)})
                </li>
              ))}
            </ul>
          )}
          <p className="muted">{t('rulesEdit.preview.when')}</p>
        </div>
      ) : null}
      <div className="row">
        <div className="field">
          <label htmlFor="rules-starts-on">{t('rulesEdit.startsOn')}</label>
          <DateField id="rules-starts-on" value={startsOn} onChange={setStartsOn} locale={locale} required testId="rules-starts-on" />
        </div>
        <button type="button" className="button button-primary" disabled={!canApply} onClick={ask} data-testid="rules-apply-button">
          {t('rulesEdit.apply')}
        </button>
      </div>
      {error ? <ErrorNotice error={error} /> : null}
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </div>
  );
}
