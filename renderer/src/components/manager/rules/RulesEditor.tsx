import { useEffect, useMemo, useState } from 'react';
import type { ErrorInfo, ResultOf } from '../../../../../electron/contract/index.js';
import type { LoyaltyRules } from '../../../../../electron/contract/loyalty-rules.js';
import { useInvoke } from '../../../hooks/use-call.js';
import { useI18n } from '../../../i18n/i18n-context.js';
import { ErrorNotice } from '../../ErrorNotice.js';
import { addTier } from '../../../../shared/rules-draft.js';
import { issuesByField } from './rules-issues.js';
import { RulesApplyPanel } from './RulesApplyPanel.js';
import { PointsFields } from './RulesFields.js';
import { TierCard } from './TierCard.js';

type Editor = ResultOf<'loyalty.getRulesEditor'>;
type Start = 'inForce' | 'restaurant' | 'eyewear';
/** The service checks a draft after typing pauses this long (each check also counts the tier moves). */
const CHECK_AFTER_MS = 300;

/** The manager's rules editor: a draft of the rules in force (or a preset), checked and previewed as it changes. */
export function RulesEditor({ editor, onApplied, onClose }: { editor: Editor; onApplied(result: ResultOf<'loyalty.applyRules'>, startsOn: string): void; onClose(): void }) {
  const { t } = useI18n();
  const invoke = useInvoke();
  const [start, setStart] = useState<Start>('inForce');
  const [draft, setDraft] = useState<LoyaltyRules>(() => structuredClone(editor.rules));
  const [check, setCheck] = useState<ResultOf<'loyalty.previewRules'> | null>(null);
  const [isChecking, setChecking] = useState(true);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const issues = useMemo(() => issuesByField(check?.issues ?? []), [check]);

  useEffect(() => {
    let isCurrent = true;
    setChecking(true);
    const timer = setTimeout(() => {
      void invoke('loyalty.previewRules', { rules: draft }).then((envelope) => {
        if (!isCurrent) return;
        setChecking(false);
        if (envelope.ok) {
          setCheck(envelope.value);
          setError(null);
        } else setError(envelope.error);
      });
    }, CHECK_AFTER_MS);
    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
  }, [draft, invoke]);

  const startFrom = (next: Start) => {
    setStart(next);
    const base = next === 'inForce' ? editor.rules : editor.presets[next];
    if (base) setDraft(structuredClone(base));
  };
  const nextVersion = Math.max(0, ...editor.localVersions.map((v) => v.version)) + 1;

  return (
    <section className="panel" data-testid="rules-editor">
      <div className="row">
        <h3>{t('rulesEdit.title')}</h3>
        <button type="button" className="button button-link" onClick={onClose} data-testid="rules-editor-close">
          {t('rulesEdit.close')}
        </button>
      </div>
      <div className="row" role="group" aria-label={t('rulesEdit.startFrom')}>
        <span className="muted">{t('rulesEdit.startFrom')}</span>
        {(['inForce', 'restaurant', 'eyewear'] as const).map((s) => (
          <button key={s} type="button" className={s === start ? 'chip chip-active' : 'chip'} aria-pressed={s === start} onClick={() => startFrom(s)} data-testid={`rules-start-${s}`}>
            {t(`rulesEdit.start.${s}`)}
          </button>
        ))}
      </div>
      <PointsFields rules={draft} issues={issues} onChange={setDraft} />
      <h4>{t('rulesEdit.tiers')}</h4>
      {draft.tiers.map((_, i) => (
        <TierCard key={i} rules={draft} index={i} issues={issues} onChange={setDraft} />
      ))}
      {draft.tiers.length < 10 ? (
        <button type="button" className="button" onClick={() => setDraft(addTier(draft))} data-testid="rules-add-tier">
          {t('rulesEdit.tier.add')}
        </button>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
      <RulesApplyPanel draft={draft} check={check} isChecking={isChecking} today={editor.today} nextVersion={nextVersion} onApplied={onApplied} />
    </section>
  );
}
