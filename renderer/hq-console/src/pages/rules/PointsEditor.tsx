import type { LoyaltyRules } from '../../api/types.js';
import { useConsoleI18n } from '../../i18n/console-i18n.js';
import { intOrNull } from './rules-draft.js';

const BASES: LoyaltyRules['tierBasis'][] = ['spend_or_visits', 'spend_and_visits', 'spend', 'visits'];

/** Chain-wide points settings and how tier thresholds combine. */
export function PointsEditor({ rules, onChange, readOnly }: { rules: LoyaltyRules; onChange(rules: LoyaltyRules): void; readOnly: boolean }) {
  const { t, money } = useConsoleI18n();
  const points = (patch: Partial<LoyaltyRules['points']>) => onChange({ ...rules, points: { ...rules.points, ...patch } });
  const entry = rules.tiers[0];
  return (
    <fieldset className="points-editor" disabled={readOnly}>
      <legend>{t('rules.points')}</legend>
      <div className="row">
        <label className="field">
          <span>{t('rules.points.perYuan')}</span>
          <input className="input input-num" type="number" min={0} value={rules.points.pointsPerYuan} onChange={(e) => points({ pointsPerYuan: intOrNull(e.target.value) ?? 0 })} data-testid="points-per-yuan" />
        </label>
        <label className="field">
          <span>{t('rules.points.expiryMonths')}</span>
          <input className="input input-num" type="number" min={0} value={rules.points.expiryMonths} onChange={(e) => points({ expiryMonths: intOrNull(e.target.value) ?? 0 })} />
        </label>
        <label className="field">
          <span>{t('rules.points.minRedeem')}</span>
          <input className="input input-num" type="number" min={1} value={rules.points.minRedeemPoints} onChange={(e) => points({ minRedeemPoints: intOrNull(e.target.value) ?? 0 })} />
        </label>
        <label className="field">
          <span>{t('rules.tierBasis')}</span>
          <select className="input" value={rules.tierBasis} onChange={(e) => onChange({ ...rules, tierBasis: e.target.value as LoyaltyRules['tierBasis'] })}>
            {BASES.map((b) => (
              <option key={b} value={b}>
                {t(`rules.tierBasis.${b}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {entry && Number.isSafeInteger(entry.redeemFenPer100Points) && <p className="muted">{t('rules.pointsValue', { value: money(entry.redeemFenPer100Points) })}</p>}
    </fieldset>
  );
}
