import { useEffect, useMemo, useState } from 'react';
import type { ConsoleClient } from '../../api/console-client.js';
import type { LoyaltyRules, RulesPreview } from '../../api/types.js';
import { useAction } from '../../api/use-load.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { useChain } from '../../components/chain-context.js';
import { useConsoleI18n } from '../../i18n/console-i18n.js';
import { fieldLabel, issuesFromServer, validateRules, type RulesIssue } from './rules-issues.js';
import { startOfChainDay } from './rules-draft.js';
import { DateField } from '../../../../shared/DateField.js';

/** Today on the chain's calendar (YYYY-MM-DD): the default start date of a new version. */
function chainToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** Validation (the stores' own schema), a preview of tier changes, and publishing with a start date. */
export function RulesPublishPanel({ rules, canPublish, onPublished }: { rules: LoyaltyRules; canPublish: boolean; onPublished(): void }) {
  const { t, locale, date } = useConsoleI18n();
  const chain = useChain();
  const localIssues = useMemo(() => validateRules(rules), [rules]);
  const [serverIssues, setServerIssues] = useState<RulesIssue[]>([]);
  const [preview, setPreview] = useState<RulesPreview | null>(null);
  const [startsAt, setStartsAt] = useState(chainToday);
  const [published, setPublished] = useState<number | null>(null);
  const action = useAction();
  const issues = localIssues.length > 0 ? localIssues : serverIssues;

  /** Sends one request; a VALIDATION refusal's issues are shown at their fields like the editor's own. */
  const send = async <T,>(request: (client: ConsoleClient) => Promise<T>): Promise<T | undefined> => {
    setServerIssues([]);
    setPublished(null);
    const answer = await action.run(request);
    return answer;
  };
  useEffect(() => {
    const refusal = action.error;
    setServerIssues(refusal?.code === 'VALIDATION' ? issuesFromServer(refusal.issues) : []);
  }, [action.error]);
  const doPreview = async () => {
    const answer = await send((c) => c.post<RulesPreview>('/rules/preview', { rules }));
    setPreview(answer ?? null);
  };
  const doPublish = async () => {
    const answer = await send((c) => c.post<{ version: number }>('/rules', { rules, startsAt: startOfChainDay(startsAt) }));
    if (answer) {
      setPublished(answer.version);
      setPreview(null);
      onPublished();
      chain.reload();
    }
  };
  const refusal = action.error;

  return (
    <div className="panel" data-testid="rules-publish">
      {issues.length === 0 ? (
        <p className="notice notice-ok">{t('rules.valid')}</p>
      ) : (
        <ul className="notice notice-error issue-list" role="alert" data-testid="rules-issues">
          {issues.map((issue, i) => (
            <li key={i}>{t('rules.issue', { field: fieldLabel(issue.path, rules, t, locale), problem: t(issue.problem, issue.params) })}</li>
          ))}
        </ul>
      )}
      <div className="row">
        <button type="button" className="button" disabled={issues.length > 0 || action.pending} onClick={() => void doPreview()} data-testid="rules-preview">
          {t('rules.preview')}
        </button>
        {canPublish && (
          <>
            <label className="field">
              <span>{t('rules.startsAt')}</span>
              <DateField value={startsAt} onChange={setStartsAt} locale={locale} required testId="rules-starts-at" />
            </label>
            <button type="button" className="button button-primary" disabled={localIssues.length > 0 || action.pending || !startsAt} onClick={() => void doPublish()} data-testid="rules-publish-button">
              {t('rules.publish')}
            </button>
          </>
        )}
      </div>
      <ErrorNotice error={refusal} />
      {preview && (
        <div className="preview" data-testid="rules-preview-result">
          <p>{t('rules.previewOf', { members: preview.membersConsidered })}</p>
          {preview.tierChanges.length === 0 ? (
            <p className="muted">{t('rules.noTierChanges')}</p>
          ) : (
            <ul className="list">
              {preview.tierChanges.map((c) => (
                <li key={`${c.fromTierId}-${c.toTierId}`}>{t('rules.tierChange', { from: chain.tierName(c.fromTierId), to: chain.tierName(c.toTierId), members: c.members })}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {published !== null && (
        <p className="notice notice-ok" role="status" data-testid="rules-published" data-version={published}>
          {t('rules.published', { version: published })} {date(startOfChainDay(startsAt))}
        </p>
      )}
    </div>
  );
}
