import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { argumentsOf } from '../../../src/i18n/message-format.js';
import { locales } from '../../../src/i18n/locales.js';
import { CONSOLE_ERROR_CODES, HQ_ROLES } from '../api/types.js';
import { PAGE_TITLES } from '../nav.js';
import { consoleCatalogues, isMessageKey, translate } from './catalogue.js';
import { zhCN } from './messages/zh-CN.js';

const sourceKeys = Object.keys(zhCN).sort();

describe('HQ console catalogues', () => {
  it.each(locales)('%s has exactly the keys of zh-CN, none empty, the same placeholders', (locale) => {
    const catalogue = consoleCatalogues[locale];
    expect(Object.keys(catalogue).sort()).toEqual(sourceKeys);
    expect(Object.entries(catalogue).filter(([, text]) => text.trim() === '')).toEqual([]);
    const mismatched = sourceKeys.filter((key) => {
      const k = key as keyof typeof zhCN;
      return argumentsOf(catalogue[k]).join() !== argumentsOf(zhCN[k]).join();
    });
    expect(mismatched).toEqual([]);
  });

  it('every console error code, role and page has its words', () => {
    const needed = [...CONSOLE_ERROR_CODES.map((c) => `error.${c}`), ...HQ_ROLES.map((r) => `role.${r}`), ...Object.values(PAGE_TITLES)];
    expect(needed.filter((key) => !isMessageKey(key))).toEqual([]);
  });

  it('zh-TW is converted (no simplified-only characters) and en has no Han characters', () => {
    const simplifiedOnly = /[与业两个为于从优会传体债兑关写准减则创删务动历发变号后员响围备头审对导将属张当录态总户执护换据数时显暂机权条标检没点状现确礼离积称签简约级线结给络绝编网联脸范营规览计订认记设评试询该语误请负账购费资跃载辑输达过运这进连迟选递钟银链销锁错镜门闭间险页顶须预频额风饮验价启单应开并处无码]/;
    const notConverted = sourceKeys.filter((key) => key !== 'locale.name.zh-CN' && simplifiedOnly.test(consoleCatalogues['zh-TW'][key as keyof typeof zhCN]));
    expect(notConverted).toEqual([]);
    const hanInEnglish = sourceKeys.filter((key) => !key.startsWith('locale.name.') && /\p{Script=Han}/u.test(consoleCatalogues.en[key as keyof typeof zhCN]));
    expect(hanInEnglish).toEqual([]);
  });

  it('every action HQ writes to its audit log has its words (the audit page showed raw codes such as erasure_request.filed)', () => {
    const hqDir = path.resolve(import.meta.dirname, '../../../../edge-sync/hq');
    const sources = fs.readdirSync(hqDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const actions = new Set(sources.flatMap((f) => [...fs.readFileSync(path.join(hqDir, f), 'utf8').matchAll(/action: '([a-z_]+\.[a-z_]+)'/g)].map((m) => m[1] ?? '')));
    expect(actions.size).toBeGreaterThan(10);
    expect([...actions].filter((action) => !isMessageKey(`audit.action.${action}`)).sort()).toEqual([]);
  });

  it('plurals and placeholders are filled per locale', () => {
    expect(translate('en', 'stores.seconds', { seconds: 1 })).toBe('1 second');
    expect(translate('en', 'stores.seconds', { seconds: 40 })).toBe('40 seconds');
    expect(translate('zh-CN', 'stores.seconds', { seconds: 40 })).toBe('40 秒');
  });
});
