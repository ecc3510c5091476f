import { useEffect, useState } from 'react';
import { loyaltyPresets } from '../../../../../electron/contract/loyalty-rules.js';
import type { LoyaltyRules, RulesAnswer } from '../../api/types.js';
import { useStaff } from '../../api/session-context.js';
import { useLoad } from '../../api/use-load.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { Loading } from '../../components/Loading.js';
import { useConsoleI18n } from '../../i18n/console-i18n.js';
import { CAN } from '../../nav.js';
import { PointsEditor } from './PointsEditor.js';
import { RulesPublishPanel } from './RulesPublishPanel.js';
import { RulesVersions } from './RulesVersions.js';
import { TierEditor } from './TierEditor.js';

type Start = 'active' | 'restaurant' | 'eyewear';

/** Rules and tiers: the published versions, and an editor that validates, previews tier changes and publishes. */
export function RulesPage() {
  const { t } = useConsoleI18n();
  const staff = useStaff();
  const { data, error, loading, reload } = useLoad((c) => c.get<RulesAnswer>('/rules'), 'rules');
  const [start, setStart] = useState<Start>('active');
  const [draft, setDraft] = useState<LoyaltyRules | null>(null);
  const readOnly = !CAN.previewRules(staff.role);

  // The draft starts from the active version (or the eyewear preset when nothing was published yet).
  useEffect(() => {
    if (data && draft === null) setDraft(structuredClone(data.active?.rules ?? loyaltyPresets.eyewear));
  }, [data, draft]);

  const startFrom = (next: Start) => {
    setStart(next);
    setDraft(structuredClone(next === 'active' ? (data?.active?.rules ?? loyaltyPresets.eyewear) : loyaltyPresets[next]));
  };

  return (
    <section data-testid="page-rules">
      <h1>{t('rules.title')}</h1>
      <ErrorNotice error={error} onRetry={reload} />
      {loading && !data && <Loading />}
      {data && <RulesVersions rules={data} />}
      {draft && (
        <div className="panel">
          <h2>{t('rules.editor')}</h2>
          {readOnly && <p className="muted">{t('rules.readOnly')}</p>}
          {!readOnly && (
            <div className="row" role="group" aria-label={t('rules.start')}>
              <span className="muted">{t('rules.start')}</span>
              {(['active', 'restaurant', 'eyewear'] as const).map((s) => (
                <button key={s} type="button" className={s === start ? 'chip chip-active' : 'chip'} aria-pressed={s === start} data-testid={`rules-start-${s}`} onClick={() => startFrom(s)}>
                  {t(`rules.preset.${s}`)}
                </button>
              ))}
            </div>
          )}
          <PointsEditor rules={draft} onChange={setDraft} readOnly={readOnly} />
          <h3>{t('rules.tiers')}</h3>
          <TierEditor rules={draft} onChange={setDraft} readOnly={readOnly} />
        </div>
      )}
      {draft && !readOnly && <RulesPublishPanel rules={draft} canPublish={CAN.publishRules(staff.role)} onPublished={reload} />}
    </section>
  );
}
