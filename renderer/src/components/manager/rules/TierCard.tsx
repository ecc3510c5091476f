import type { Benefit, LoyaltyRules } from '../../../../../electron/contract/loyalty-rules.js';
import { useI18n } from '../../../i18n/i18n-context.js';
import { locales } from '../../../i18n/locales.js';
import { addBenefit, removeBenefit, removeTier, setBenefit, setTier } from '../../../../shared/rules-draft.js';
import { fenToYuanText, numberOrNull, yuanToFen } from './rules-draft.js';
import { FieldProblems, RulesInput, type FieldIssues } from './RulesFields.js';

const BENEFIT_KINDS: Benefit['kind'][] = ['discount_percent', 'fast_lane', 'early_booking_minutes', 'free_service', 'birthday_bonus'];
const text = (n: number | null) => (n === null || Number.isNaN(n) ? '' : String(n));

/** One tier: names in the three languages, thresholds (not for the entry tier), points rate and value, benefits. */
export function TierCard({ rules, index, issues, onChange }: { rules: LoyaltyRules; index: number; issues: FieldIssues; onChange(rules: LoyaltyRules): void }) {
  const { t, locale } = useI18n();
  const tier = rules.tiers[index];
  if (!tier) return null;
  const at = (...rest: (string | number)[]) => ['tiers', index, ...rest];
  const languageName = (l: (typeof locales)[number]) => t(`rulesEdit.language.${l}`);
  return (
    <fieldset className="rules-card" data-testid={`rules-tier-${index}`}>
      <legend>
        <span className="tier-badge">{tier.name[locale] || tier.id}</span>
      </legend>
      <FieldProblems issues={issues} path={at()} />
      <div className="rules-grid">
        {locales.map((l) => (
          <RulesInput
            key={l}
            type="text"
            lang={l}
            label={t('rulesEdit.tier.name', { language: languageName(l) })}
            path={at('name', l)}
            issues={issues}
            value={tier.name[l]}
            onChange={(v) => onChange(setTier(rules, index, { name: { ...tier.name, [l]: v } }))}
          />
        ))}
        {index === 0 ? (
          <p className="muted">{t('rulesEdit.tier.entry')}</p>
        ) : (
          <>
            <RulesInput label={t('rulesEdit.tier.spendAbove')} path={at('spendAboveFen')} issues={issues} step="0.01" value={fenToYuanText(tier.spendAboveFen)} onChange={(v) => onChange(setTier(rules, index, { spendAboveFen: yuanToFen(v) }))} />
            <RulesInput label={t('rulesEdit.tier.minVisits')} path={at('minVisits')} issues={issues} value={text(tier.minVisits)} onChange={(v) => onChange(setTier(rules, index, { minVisits: numberOrNull(v) }))} />
          </>
        )}
        <RulesInput label={t('rulesEdit.tier.earnPercent')} path={at('earnPercent')} issues={issues} value={text(tier.earnPercent)} onChange={(v) => onChange(setTier(rules, index, { earnPercent: numberOrNull(v) as number }))} />
        <RulesInput label={t('rulesEdit.tier.redeem')} path={at('redeemFenPer100Points')} issues={issues} step="0.01" value={fenToYuanText(tier.redeemFenPer100Points)} onChange={(v) => onChange(setTier(rules, index, { redeemFenPer100Points: yuanToFen(v) as number }))} />
      </div>
      <h4>{t('rulesEdit.tier.benefits')}</h4>
      {tier.benefits.map((benefit, b) => (
        <div key={b} className="rules-benefit" data-testid={`rules-tier-${index}-benefit-${b}`}>
          {locales.map((l) => (
            <RulesInput
              key={l}
              type="text"
              lang={l}
              label={t('rulesEdit.tier.name', { language: languageName(l) })}
              path={at('benefits', b, 'name', l)}
              issues={issues}
              value={benefit.name[l]}
              onChange={(v) => onChange(setBenefit(rules, index, b, { name: { ...benefit.name, [l]: v } }))}
            />
          ))}
          <div className="field">
            <label htmlFor={`benefit-kind-${index}-${b}`}>{t('rulesEdit.benefit.kind')}</label>
            <select id={`benefit-kind-${index}-${b}`} className="input" value={benefit.kind} onChange={(e) => onChange(setBenefit(rules, index, b, { kind: e.target.value as Benefit['kind'] }))}>
              {BENEFIT_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`rulesEdit.benefit.kind.${kind}`)}
                </option>
              ))}
            </select>
          </div>
          <RulesInput label={t('rulesEdit.benefit.value')} path={at('benefits', b, 'value')} issues={issues} value={text(benefit.value)} onChange={(v) => onChange(setBenefit(rules, index, b, { value: numberOrNull(v) as number }))} />
          <button type="button" className="button button-link" onClick={() => onChange(removeBenefit(rules, index, b))}>
            {t('rulesEdit.benefit.remove')}
          </button>
        </div>
      ))}
      <div className="row">
        <button type="button" className="button" onClick={() => onChange(addBenefit(rules, index))} data-testid={`rules-tier-${index}-add-benefit`}>
          {t('rulesEdit.benefit.add')}
        </button>
        {index > 0 && (
          <button type="button" className="button button-link" onClick={() => onChange(removeTier(rules, index))} data-testid={`rules-tier-${index}-remove`}>
            {t('rulesEdit.tier.remove')}
          </button>
        )}
      </div>
    </fieldset>
  );
}
