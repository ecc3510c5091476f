import type { RulesIssue } from '../../../../../electron/contract/loyalty-editor.js';
import type { LoyaltyRules } from '../../../../../electron/contract/loyalty-rules.js';
import type { MessageKey, MessageParams } from '../../../i18n/catalogue.js';
import type { Locale } from '../../../i18n/locales.js';

type T = (key: MessageKey, params?: MessageParams) => string;

/** 'tiers.2.spendAboveFen': the key an input looks its own issues up by. */
export function pathKey(path: readonly (string | number)[]): string {
  return path.join('.');
}

/** The issues of each field, by path key (an issue about a whole tier is keyed 'tiers.N'). */
export function issuesByField(issues: readonly RulesIssue[]): Map<string, RulesIssue[]> {
  const map = new Map<string, RulesIssue[]>();
  for (const issue of issues) {
    const key = pathKey(issue.path);
    map.set(key, [...(map.get(key) ?? []), issue]);
  }
  return map;
}

const FIELD_KEYS: Readonly<Record<string, MessageKey>> = {
  spendAboveFen: 'rulesEdit.tier.spendAbove',
  minVisits: 'rulesEdit.tier.minVisits',
  earnPercent: 'rulesEdit.tier.earnPercent',
  redeemFenPer100Points: 'rulesEdit.tier.redeem',
  benefits: 'rulesEdit.tier.benefits',
  pointsPerYuan: 'rulesEdit.points.perYuan',
  expiryMonths: 'rulesEdit.points.expiryMonths',
  minRedeemPoints: 'rulesEdit.points.minRedeem',
  value: 'rulesEdit.benefit.value',
  kind: 'rulesEdit.benefit.kind',
  name: 'rulesEdit.field.name',
  noSpendDowngrade: 'rulesEdit.field.downgrade',
};

/** The problem in words: "must be at least 0". */
export function problemText(issue: RulesIssue, t: T): string {
  return t(`rulesEdit.problem.${issue.problem}`, issue.limit === null ? {} : { limit: issue.limit });
}

/** Where, in words: "Gold · 12-month spend over (¥…)"; "Silver · Name (English)"; "Points · Points per ¥1 spent". */
export function fieldLabel(path: readonly (string | number)[], rules: LoyaltyRules, t: T, locale: Locale): string {
  const parts: string[] = [];
  if (path[0] === 'tiers' && typeof path[1] === 'number') {
    const tier = rules.tiers[path[1]];
    parts.push(tier?.name[locale] || tier?.id || `#${path[1] + 1}`);
  } else if (path[0] === 'points') {
    parts.push(t('rulesEdit.points'));
  }
  if (path.includes('benefits') && typeof path[path.indexOf('benefits') + 1] === 'number') parts.push(t('rulesEdit.field.benefit'));
  const last = path.at(-1);
  const isLanguage = last === 'zh-CN' || last === 'zh-TW' || last === 'en';
  const key = [...path].reverse().find((p): p is string => typeof p === 'string' && FIELD_KEYS[p] !== undefined);
  if (isLanguage && path.at(-2) === 'name') parts.push(t('rulesEdit.tier.name', { language: t(`rulesEdit.language.${last}`) }));
  else if (key) parts.push(t(FIELD_KEYS[key]!));
  else if (parts.length === 0) parts.push(t(path[0] === 'tiers' ? 'rulesEdit.field.tiers' : 'rulesEdit.field.rules'));
  return parts.join(' · ');
}

export function issueText(issue: RulesIssue, rules: LoyaltyRules, t: T, locale: Locale): string {
  return t('rulesEdit.issue', { field: fieldLabel(issue.path, rules, t, locale), problem: problemText(issue, t) });
}
