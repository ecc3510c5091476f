import { describe, expect, it } from 'vitest';
import { catalogues } from '../../renderer/src/i18n/catalogue.js';
import { errorCatalogue } from '../../renderer/src/i18n/errors/error-catalogue.js';
import { SIMPLIFIED_ONLY as simplified, untranslatedTexts, type PageText } from './untranslated-text.js';

const at = (text: string, lang = '', isData = false): PageText => ({ text, lang, isData, where: 'x' });

describe('untranslated text', () => {
  it('knows Simplified-only characters, and none the zh-TW catalogues use (but the language name 简体中文)', () => {
    for (const c of '这积签员会') expect(simplified.has(c), c).toBe(true);
    for (const c of '這積簽員會于着里台只') expect(simplified.has(c), c).toBe(false);
    const zhTW = [...Object.entries(catalogues['zh-TW']).filter(([key]) => key !== 'locale.name.zh-CN').map(([, text]) => text), ...Object.values(errorCatalogue).map((row) => row[1])];
    expect(zhTW.flatMap((text) => [...text].filter((c) => simplified.has(c)))).toEqual([]);
    const zhCN = Object.values(catalogues['zh-CN']).join('');
    expect([...zhCN].filter((c) => simplified.has(c)).length).toBeGreaterThan(100);
  });

  it('flags English words in Chinese pages but allows PIN, QR and HQ', () => {
    expect(untranslatedTexts([at('出错了：Search for 1–40 characters')], 'zh-CN', simplified)).toHaveLength(1);
    expect(untranslatedTexts([at('规则：restaurant')], 'zh-CN', simplified)).toHaveLength(1);
    expect(untranslatedTexts([at('请输入 PIN 码'), at('扫 QR 码'), at('HQ 已连接 · 12 MB')], 'zh-CN', simplified)).toEqual([]);
  });

  it('flags Simplified characters in zh-TW pages and Han in English pages', () => {
    expect(untranslatedTexts([at('会员签到')], 'zh-TW', simplified)).toHaveLength(1);
    expect(untranslatedTexts([at('會員簽到')], 'zh-TW', simplified)).toEqual([]);
    expect(untranslatedTexts([at('Welcome 欢迎')], 'en', simplified)).toHaveLength(1);
  });

  it('judges text by its own element language and skips data marked translate="no"', () => {
    expect(untranslatedTexts([at('简体中文', 'zh-CN'), at('English', 'en')], 'zh-TW', simplified)).toEqual([]);
    expect(untranslatedTexts([at('陈静', '', true), at('Latte', '', true)], 'en', simplified)).toEqual([]);
    expect(untranslatedTexts([at('陈静')], 'en', simplified)).toHaveLength(1);
  });
});
