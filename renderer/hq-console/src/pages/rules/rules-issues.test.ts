import { describe, expect, it } from 'vitest';
import { loyaltyPresets } from '../../../../../electron/contract/loyalty-rules.js';
import { translate } from '../../i18n/catalogue.js';
import { addTier, removeTier, setTier } from '../../../../shared/rules-draft.js';
import { fieldLabel, issuesFromServer, validateRules } from './rules-issues.js';

const t = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate('en', key, params);

describe('rules editor validation', () => {
  it('a preset is valid, and so is it with a tier added on top', () => {
    expect(validateRules(structuredClone(loyaltyPresets.eyewear))).toEqual([]);
    expect(validateRules(addTier(structuredClone(loyaltyPresets.eyewear)))).toEqual([]);
  });

  it('names the tier and field of each problem, in words from the catalogue', () => {
    const rules = setTier(setTier(structuredClone(loyaltyPresets.eyewear), 2, { spendAboveFen: 100 }), 1, { id: 'Silver' });
    const issues = validateRules(rules);
    const texts = issues.map((i) => t('rules.issue', { field: fieldLabel(i.path, rules, t, 'en'), problem: t(i.problem, i.params) }));
    expect(texts).toContain('Gold · 12-month spend above (yuan): spend thresholds must increase tier by tier');
    expect(texts).toContain('Silver · Code: wrong format (a lowercase letter first, then lowercase letters, digits, - or _)');
  });

  it('removing a tier drops downgrades that pointed at it instead of leaving the rules invalid', () => {
    const rules = removeTier(structuredClone(loyaltyPresets.eyewear), 1);
    expect(rules.tiers.map((tier) => tier.id)).toEqual(['basic', 'gold']);
    expect(rules.tiers[1]?.noSpendDowngrade).toBeNull();
    expect(validateRules(rules)).toEqual([]);
  });

  it("HQ's VALIDATION issues (dotted or array paths, the schema's messages) map to the same words", () => {
    const issues = issuesFromServer([{ path: 'tiers.0', message: 'the entry tier has no thresholds' }, { path: ['tiers'], message: 'something new' }]);
    expect(issues.map((i) => [i.path, i.problem])).toEqual([
      [['tiers', 0], 'rules.problem.entry'],
      [['tiers'], 'rules.problem.other'],
    ]);
  });
});
