import { describe, expect, it } from 'vitest';
import { catalogues, placeholdersOf, translate } from './catalogue.js';
import { locales } from './locales.js';
import { zhCN } from './messages/zh-CN.js';

const sourceKeys = Object.keys(zhCN).sort();

describe('message catalogue', () => {
  it.each(locales)('%s has exactly the keys of zh-CN, none empty', (locale) => {
    const catalogue = catalogues[locale];
    expect(Object.keys(catalogue).sort()).toEqual(sourceKeys);
    const empty = Object.entries(catalogue).filter(([, text]) => text.trim() === '');
    expect(empty).toEqual([]);
  });

  it.each(locales)('%s uses the same {placeholders} as zh-CN in every message', (locale) => {
    const mismatched = sourceKeys.filter((key) => {
      const k = key as keyof typeof zhCN;
      return placeholdersOf(catalogues[locale][k]).join() !== placeholdersOf(zhCN[k]).join();
    });
    expect(mismatched).toEqual([]);
  });

  it('zh-TW is actually translated (not a copy of zh-CN) and en has no Han characters', () => {
    const sameAsSimplified = sourceKeys.filter((key) => {
      const k = key as keyof typeof zhCN;
      return catalogues['zh-TW'][k] === zhCN[k] && /[\u4e00-\u9fff]/.test(zhCN[k]);
    });
    // Many short words are written identically in both scripts; most messages are not.
    expect(sameAsSimplified.length).toBeLessThan(sourceKeys.length / 2);
    const hanInEnglish = sourceKeys.filter((key) => {
      const text = catalogues.en[key as keyof typeof zhCN];
      // Language names are shown in their own script on purpose.
      return !key.startsWith('locale.name.') && /[\u4e00-\u9fff]/.test(text);
    });
    expect(hanInEnglish).toEqual([]);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('en', 'common.error', { message: 'disk full' })).toBe('Something went wrong: disk full');
    expect(translate('zh-CN', 'common.error')).toBe('出错了：{message}');
  });
});
