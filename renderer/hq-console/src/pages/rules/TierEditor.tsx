import { locales, type Locale } from '../../../../src/i18n/locales.js';
import type { Benefit } from '../../../../../electron/contract/loyalty-rules.js';
import type { LoyaltyRules } from '../../api/types.js';
import { useConsoleI18n } from '../../i18n/console-i18n.js';
import { addBenefit, addTier, removeBenefit, removeTier, setBenefit, setTier } from '../../../../shared/rules-draft.js';
import { intOrNull } from './rules-draft.js';

const BENEFIT_KINDS: Benefit['kind'][] = ['discount_percent', 'fast_lane', 'early_booking_minutes', 'free_service', 'birthday_bonus'];

/** Tiers table: code, names in the three languages, thresholds, earn multiplier, points value, benefits. */
export function TierEditor({ rules, onChange, readOnly }: { rules: LoyaltyRules; onChange(rules: LoyaltyRules): void; readOnly: boolean }) {
  const { t, locale } = useConsoleI18n();
  const localeName = (l: Locale) => t(`locale.name.${l}`);
  return (
    <div className="tier-editor" data-testid="tier-editor">
      {rules.tiers.map((tier, i) => (
        <fieldset key={i} className="tier-card" disabled={readOnly} data-testid={`tier-${i}`}>
          <legend>
            <span className="tier-badge">{tier.name[locale] || tier.id}</span>
          </legend>
          <div className="tier-grid">
            <label className="field">
              <span>{t('rules.tier.id')}</span>
              <input className="input" value={tier.id} onChange={(e) => onChange(setTier(rules, i, { id: e.target.value }))} data-testid={`tier-${i}-id`} />
            </label>
            {locales.map((l) => (
              <label key={l} className="field">
                <span>{t('rules.tier.name', { locale: localeName(l) })}</span>
                <input className="input" lang={l} value={tier.name[l]} onChange={(e) => onChange(setTier(rules, i, { name: { ...tier.name, [l]: e.target.value } }))} />
              </label>
            ))}
            {i === 0 ? (
              <p className="muted tier-entry">{t('rules.tier.entry')}</p>
            ) : (
              <>
                <label className="field">
                  <span>{t('rules.tier.spendAbove')}</span>
                  <input
                    className="input input-num"
                    type="number"
                    min={0}
                    value={tier.spendAboveFen === null ? '' : Math.trunc(tier.spendAboveFen / 100)}
                    onChange={(e) => {
                      const yuan = intOrNull(e.target.value);
                      onChange(setTier(rules, i, { spendAboveFen: yuan === null ? null : yuan * 100 }));
                    }}
                    data-testid={`tier-${i}-spend`}
                  />
                </label>
                <label className="field">
                  <span>{t('rules.tier.minVisits')}</span>
                  <input className="input input-num" type="number" min={1} value={tier.minVisits ?? ''} onChange={(e) => onChange(setTier(rules, i, { minVisits: intOrNull(e.target.value) }))} data-testid={`tier-${i}-visits`} />
                </label>
              </>
            )}
            <label className="field">
              <span>{t('rules.tier.earnPercent')}</span>
              <input className="input input-num" type="number" min={0} value={tier.earnPercent} onChange={(e) => onChange(setTier(rules, i, { earnPercent: intOrNull(e.target.value) ?? 0 }))} />
            </label>
            <label className="field">
              <span>{t('rules.tier.redeem')}</span>
              <input className="input input-num" type="number" min={1} value={tier.redeemFenPer100Points} onChange={(e) => onChange(setTier(rules, i, { redeemFenPer100Points: intOrNull(e.target.value) ?? 0 }))} />
            </label>
          </div>
          <h4>{t('rules.tier.benefits')}</h4>
          {tier.benefits.map((benefit, b) => (
            <div key={b} className="row benefit-row">
              <input className="input" aria-label={t('rules.tier.id')} value={benefit.id} onChange={(e) => onChange(setBenefit(rules, i, b, { id: e.target.value }))} />
              <input className="input" aria-label={t('rules.tier.name', { locale: localeName('zh-CN') })} value={benefit.name['zh-CN']} onChange={(e) => onChange(setBenefit(rules, i, b, { name: { ...benefit.name, 'zh-CN': e.target.value } }))} />
              <select className="input" value={benefit.kind} onChange={(e) => onChange(setBenefit(rules, i, b, { kind: e.target.value as Benefit['kind'] }))}>
                {BENEFIT_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {t(`rules.benefit.kind.${kind}`)}
                  </option>
                ))}
              </select>
              <input className="input input-num" type="number" min={0} aria-label={t('rules.benefit.value')} value={benefit.value} onChange={(e) => onChange(setBenefit(rules, i, b, { value: intOrNull(e.target.value) ?? 0 }))} />
              {!readOnly && (
                <button type="button" className="button button-link" onClick={() => onChange(removeBenefit(rules, i, b))}>
                  {t('rules.removeBenefit')}
                </button>
              )}
            </div>
          ))}
          {!readOnly && (
            <div className="row">
              <button type="button" className="button" onClick={() => onChange(addBenefit(rules, i))}>
                {t('rules.addBenefit')}
              </button>
              {i > 0 && (
                <button type="button" className="button button-link" onClick={() => onChange(removeTier(rules, i))}>
                  {t('rules.removeTier')}
                </button>
              )}
            </div>
          )}
        </fieldset>
      ))}
      {!readOnly && rules.tiers.length < 10 && (
        <button type="button" className="button" onClick={() => onChange(addTier(rules))} data-testid="add-tier">
          {t('rules.addTier')}
        </button>
      )}
    </div>
  );
}
