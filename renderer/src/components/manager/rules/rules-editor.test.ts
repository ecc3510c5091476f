import { describe, expect, it } from 'vitest';
import { rulesProblemSchema } from '../../../../../electron/contract/loyalty-editor.js';
import { loyaltyPresets, loyaltyRulesSchema } from '../../../../../electron/contract/loyalty-rules.js';
import { translate, type MessageKey, type MessageParams } from '../../../i18n/catalogue.js';
import { locales } from '../../../i18n/locales.js';
import { addBenefit, addTier, removeTier, setTier } from '../../../../shared/rules-draft.js';
import { fenToYuanText, numberOrNull, yuanToFen } from './rules-draft.js';
import { fieldLabel, issueText, issuesByField } from './rules-issues.js';

const restaurant = loyaltyPresets.restaurant;

describe('rules draft edits', () => {
  it('a new tier sits above the top one and keeps the draft valid; removing a tier drops downgrades that named it', () => {
    const added = addTier(restaurant);
    expect(added.tiers).toHaveLength(6);
    expect(added.tiers[5]!.spendAboveFen).toBe(restaurant.tiers[4]!.spendAboveFen! + 100_000);
    expect(loyaltyRulesSchema.safeParse(added).success).toBe(true);
    const withoutGold = removeTier(restaurant, 2);
    expect(withoutGold.tiers.map((t) => t.id)).toEqual(['basic', 'silver', 'platinum', 'diamond']);
    expect(withoutGold.tiers[2]!.noSpendDowngrade).toBeNull(); // platinum → gold is gone with gold
    expect(loyaltyRulesSchema.safeParse(withoutGold).success).toBe(true);
    expect(removeTier(restaurant, 0)).toBe(restaurant); // the entry tier stays
    const benefit = addBenefit(restaurant, 1).tiers[1]!.benefits.at(-1)!;
    expect(benefit.id).not.toBe('fast_lane');
    expect(loyaltyRulesSchema.safeParse(addBenefit(restaurant, 1)).success).toBe(true);
  });

  it('boxes: empty is null, yuan become fen, junk is left for the schema to name', () => {
    expect(numberOrNull('  ')).toBeNull();
    expect(yuanToFen('500')).toBe(50_000);
    expect(yuanToFen('12.34')).toBe(1234);
    expect(yuanToFen('')).toBeNull();
    expect(fenToYuanText(50_000)).toBe('500');
    expect(fenToYuanText(null)).toBe('');
    expect(Number.isNaN(numberOrNull('abc'))).toBe(true);
  });
});

describe('issues in words', () => {
  const t = (locale: (typeof locales)[number]) => (key: MessageKey, params?: MessageParams) => translate(locale, key, params);

  it('names the tier and the field in each language', () => {
    const draft = setTier(restaurant, 2, { spendAboveFen: 100 });
    expect(issueText({ path: ['tiers', 2, 'spendAboveFen'], problem: 'spend_increase', limit: null }, draft, t('zh-CN'), 'zh-CN')).toBe('金卡 · 12 个月消费超过（元，留空为不按消费）：消费门槛须高于下一级');
    expect(issueText({ path: ['tiers', 1, 'earnPercent'], problem: 'too_small', limit: 0 }, draft, t('en'), 'en')).toBe('Silver · Points rate (%, 100 = 1×): must be at least 0');
    expect(fieldLabel(['tiers', 3, 'name', 'en'], draft, t('zh-TW'), 'zh-TW')).toBe('白金 · 名稱（英文）');
    expect(fieldLabel(['points', 'pointsPerYuan'], draft, t('en'), 'en')).toBe('Points · Points per ¥1 spent');
    expect(fieldLabel(['tiers'], draft, t('en'), 'en')).toBe('Tier list');
  });

  it('every problem code the service sends has words in every language', () => {
    const problems = rulesProblemSchema.options;
    for (const locale of locales) {
      for (const problem of problems) {
        const text = issueText({ path: ['tiers', 1, 'minVisits'], problem, limit: 3 }, restaurant, t(locale), locale);
        expect(text, `${locale} ${problem}`).not.toMatch(/rulesEdit\.|\{/);
      }
    }
    expect(issuesByField([{ path: ['tiers', 1, 'minVisits'], problem: 'too_small', limit: 1 }]).get('tiers.1.minVisits')).toHaveLength(1);
  });
});
