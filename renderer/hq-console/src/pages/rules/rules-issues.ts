import { loyaltyRulesSchema } from '../../../../../electron/contract/loyalty-rules.js';
import type { LoyaltyRules, ValidationIssue } from '../../api/types.js';
import type { ConsoleMessageKey, MessageParams } from '../../i18n/catalogue.js';

/** One validation problem, ready for the catalogue: where (a field label) and what (a problem key). */
export interface RulesIssue {
  path: (string | number)[];
  problem: ConsoleMessageKey;
  params: MessageParams;
}

const FIELD_KEYS: Record<string, ConsoleMessageKey> = {
  id: 'rules.tier.id',
  spendAboveFen: 'rules.tier.spendAbove',
  minVisits: 'rules.tier.minVisits',
  earnPercent: 'rules.tier.earnPercent',
  redeemFenPer100Points: 'rules.tier.redeem',
  benefits: 'rules.tier.benefits',
  pointsPerYuan: 'rules.points.perYuan',
  expiryMonths: 'rules.points.expiryMonths',
  minRedeemPoints: 'rules.points.minRedeem',
  tiers: 'rules.tiers',
  value: 'rules.benefit.value',
  to: 'rules.tier.downgradeTo',
  months: 'rules.tier.downgradeTo',
  name: 'rules.tier.name',
};

/** The store's own validation messages (electron/contract/loyalty-rules.ts) → catalogue keys. */
const CUSTOM_PROBLEMS: [RegExp, ConsoleMessageKey][] = [
  [/unique/, 'rules.problem.unique'],
  [/entry tier has no thresholds/, 'rules.problem.entry'],
  [/needs a spend or visit threshold/, 'rules.problem.threshold'],
  [/must increase/, 'rules.problem.increase'],
  [/lower tier/, 'rules.problem.lower'],
];

function problemOf(code: string, message: string, limit: unknown): Pick<RulesIssue, 'problem' | 'params'> {
  if (code === 'too_small' && (typeof limit === 'number' || typeof limit === 'bigint')) return { problem: 'rules.problem.too_small', params: { limit: Number(limit) } };
  if (code === 'too_big' && (typeof limit === 'number' || typeof limit === 'bigint')) return { problem: 'rules.problem.too_big', params: { limit: Number(limit) } };
  if (code === 'invalid_format') return { problem: 'rules.problem.invalid_format', params: {} };
  if (code === 'invalid_type') return { problem: 'rules.problem.invalid_type', params: {} };
  const custom = CUSTOM_PROBLEMS.find(([pattern]) => pattern.test(message));
  return { problem: custom ? custom[1] : 'rules.problem.other', params: {} };
}

/** Validates in the browser with the very schema the stores apply, so the editor flags what HQ would refuse. */
export function validateRules(rules: LoyaltyRules): RulesIssue[] {
  const result = loyaltyRulesSchema.safeParse(rules);
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const limit = 'minimum' in issue ? issue.minimum : 'maximum' in issue ? issue.maximum : undefined;
    return { path: issue.path.filter((p): p is string | number => typeof p !== 'symbol'), ...problemOf(issue.code, issue.message, limit) };
  });
}

/** HQ's 400 VALIDATION `issues` (same schema, English messages for tools) → the same shape. */
export function issuesFromServer(issues: ValidationIssue[]): RulesIssue[] {
  return issues.map((issue) => ({
    path: Array.isArray(issue.path) ? issue.path : String(issue.path).split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
    ...problemOf('custom', issue.message, undefined),
  }));
}

/** "tiers.2.spendAboveFen" → the tier's name and the field's label, e.g. "金卡 · 12 个月消费超过（元）". */
export function fieldLabel(path: (string | number)[], rules: LoyaltyRules, t: (key: ConsoleMessageKey, params?: MessageParams) => string, locale: 'zh-CN' | 'zh-TW' | 'en'): string {
  const parts: string[] = [];
  if (path[0] === 'tiers' && typeof path[1] === 'number') {
    parts.push(rules.tiers[path[1]]?.name[locale] || rules.tiers[path[1]]?.id || `#${path[1] + 1}`);
  }
  // The innermost field with a label ("tiers.1.name.en" → the name; "tiers.2.noSpendDowngrade.to" → the downgrade).
  const key = [...path].reverse().flatMap((p) => (typeof p === 'string' && p !== 'tiers' && FIELD_KEYS[p] ? [FIELD_KEYS[p]] : []))[0];
  parts.push(key ? t(key, { locale }) : path.join('.'));
  return parts.join(' · ');
}
