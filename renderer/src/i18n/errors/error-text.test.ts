import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { argumentsOf } from '../message-format.js';
import { errorCatalogue } from './error-catalogue.js';
import { errorText } from './error-text.js';

const HAN = /\p{Script=Han}/u;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Every code the services throw: `new AppError('CODE'` / `fail('CODE'` / `code: 'CODE'` in electron/. */
function thrownCodes(): string[] {
  const codes = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        const source = fs.readFileSync(full, 'utf8');
        for (const m of source.matchAll(/(?:AppError|fail)\(\s*'([A-Z][A-Z_]+)'/g)) codes.add(m[1] ?? '');
      }
    }
  };
  walk(path.join(repoRoot, 'electron/services'));
  return [...codes].sort();
}

describe('error text', () => {
  it('never shows the server message, in any language', () => {
    const error = { code: 'LAST_MANAGER', message: 'The last active manager cannot be removed or demoted', retryable: false };
    expect(errorText('zh-CN', error)).toBe('至少要保留一位在职店长，不能删除或降级');
    expect(errorText('zh-TW', error)).toBe('至少要保留一位在職店長，不能刪除或降級');
    const unknown = { code: 'SOMETHING_NEW', message: 'Raw English detail', retryable: true };
    for (const locale of ['zh-CN', 'zh-TW', 'en'] as const) expect(errorText(locale, unknown)).not.toContain('Raw English');
    expect(errorText('zh-CN', unknown)).toBe('暂时无法完成，请稍后再试');
    expect(errorText('en', { ...unknown, retryable: false })).toBe('This could not be done: please call the manager');
  });

  it('fills arguments from details, with plurals, and falls back when they are missing', () => {
    const error = { code: 'INSUFFICIENT_POINTS', message: 'Only 196 points available', retryable: false, details: { balance: 196 } };
    expect(errorText('zh-CN', error)).toBe('积分不足：目前只有 196 分');
    expect(errorText('en', error)).toBe('Not enough points: only 196 points available');
    expect(errorText('en', { ...error, details: { balance: 1 } })).toBe('Not enough points: only 1 point available');
    expect(errorText('en', { ...error, details: {} })).toBe('This could not be done: please call the manager');
    expect(errorText('en', { ...error, details: { balance: 'x' } })).not.toContain('{balance}');
  });

  it('has a row for every code the services throw', () => {
    const codes = thrownCodes();
    expect(codes.length).toBeGreaterThan(40);
    expect(codes.filter((code) => !(code in errorCatalogue))).toEqual([]);
  });

  it('each row is in its language and uses the same arguments in every column', () => {
    for (const [code, [zhCN, zhTW, en]] of Object.entries(errorCatalogue)) {
      expect(HAN.test(zhCN) && HAN.test(zhTW), code).toBe(true);
      expect(HAN.test(en), code).toBe(false);
      expect(argumentsOf(zhTW), code).toEqual(argumentsOf(zhCN));
      expect(argumentsOf(en), code).toEqual(argumentsOf(zhCN));
    }
  });
});
