import { useId } from 'react';
import type { RulesIssue } from '../../../../../electron/contract/loyalty-editor.js';
import type { LoyaltyRules } from '../../../../../electron/contract/loyalty-rules.js';
import { useI18n } from '../../../i18n/i18n-context.js';
import { numberOrNull, setPoints } from './rules-draft.js';
import { pathKey, problemText } from './rules-issues.js';

export type FieldIssues = ReadonlyMap<string, RulesIssue[]>;

/** The problems of one field, under it, in the UI's language. */
export function FieldProblems({ issues, path }: { issues: FieldIssues; path: readonly (string | number)[] }) {
  const { t } = useI18n();
  const mine = issues.get(pathKey(path)) ?? [];
  if (mine.length === 0) return null;
  return (
    <span className="field-error" role="alert" data-testid={`issue-${pathKey(path)}`}>
      {mine.map((issue) => problemText(issue, t)).join('; ')}
    </span>
  );
}

interface InputProps {
  label: string;
  path: readonly (string | number)[];
  issues: FieldIssues;
  value: string;
  onChange(text: string): void;
  type?: 'number' | 'text';
  lang?: string;
  step?: string;
}

/** A labelled box with its own problems beneath it; the box is marked invalid while it has any. */
export function RulesInput({ label, path, issues, value, onChange, type = 'number', lang, step }: InputProps) {
  const id = useId();
  const isInvalid = (issues.get(pathKey(path)) ?? []).length > 0;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className={isInvalid ? 'input input-invalid' : 'input'}
        type={type}
        inputMode={type === 'number' ? 'decimal' : undefined}
        step={step}
        lang={lang}
        value={value}
        aria-invalid={isInvalid}
        onChange={(e) => onChange(e.target.value)}
        data-testid={`rules-field-${pathKey(path)}`}
      />
      <FieldProblems issues={issues} path={path} />
    </div>
  );
}

const text = (n: number | null) => (n === null || Number.isNaN(n) ? '' : String(n));

/** Points: earn rate, expiry, minimum redemption. */
export function PointsFields({ rules, issues, onChange }: { rules: LoyaltyRules; issues: FieldIssues; onChange(rules: LoyaltyRules): void }) {
  const { t } = useI18n();
  const p = rules.points;
  return (
    <fieldset className="rules-card" data-testid="rules-points">
      <legend>{t('rulesEdit.points')}</legend>
      <div className="rules-grid">
        <RulesInput label={t('rulesEdit.points.perYuan')} path={['points', 'pointsPerYuan']} issues={issues} value={text(p.pointsPerYuan)} onChange={(v) => onChange(setPoints(rules, { pointsPerYuan: numberOrNull(v) as number }))} />
        <RulesInput label={t('rulesEdit.points.expiryMonths')} path={['points', 'expiryMonths']} issues={issues} value={text(p.expiryMonths)} onChange={(v) => onChange(setPoints(rules, { expiryMonths: numberOrNull(v) as number }))} />
        <RulesInput label={t('rulesEdit.points.minRedeem')} path={['points', 'minRedeemPoints']} issues={issues} value={text(p.minRedeemPoints)} onChange={(v) => onChange(setPoints(rules, { minRedeemPoints: numberOrNull(v) as number }))} />
      </div>
    </fieldset>
  );
}
