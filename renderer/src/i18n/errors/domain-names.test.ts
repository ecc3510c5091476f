import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { doctorCheckTitle, doctorFinding, erasedFieldList, presetName } from './domain-names.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

describe('domain names', () => {
  it('names every rule preset the contract allows', () => {
    const source = fs.readFileSync(path.join(repoRoot, 'electron/contract/loyalty-rules.ts'), 'utf8');
    const presets = /preset: z\.enum\(\[([^\]]+)\]\)/.exec(source)?.[1]?.match(/'(\w+)'/g)?.map((p) => p.slice(1, -1)) ?? [];
    expect(presets.length).toBeGreaterThan(1);
    for (const preset of presets) expect(presetName('zh-CN', preset)).not.toBe(presetName('zh-CN', 'no-such-preset'));
    expect(presetName('zh-CN', 'restaurant')).toBe('餐饮');
    expect(presetName('en', 'no-such-preset')).toBe('Other');
  });

  it('names every field an erasure clears, in the locale, never the column name', () => {
    const source = fs.readFileSync(path.join(repoRoot, 'electron/services/consent/consent-service.ts'), 'utf8');
    const cleared = /const CLEARED = \[([^\]]+)\]/.exec(source)?.[1]?.match(/'(\w+)'/g)?.map((p) => p.slice(1, -1)) ?? [];
    expect(cleared.length).toBeGreaterThan(5);
    const zh = erasedFieldList('zh-CN', cleared);
    expect(zh).not.toMatch(/[a-z_]/);
    expect(zh).not.toContain('其他资料');
    expect(erasedFieldList('zh-TW', ['phone', 'followup_notes'])).toBe('手機號碼、回訪記錄');
    expect(erasedFieldList('en', ['name', 'face_templates'])).toBe('name, face templates');
  });

  it('names every doctor check the services run, and keeps English sentences out of Chinese', () => {
    const dir = path.join(repoRoot, 'electron/services/ops');
    const ids = new Set<string>();
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      const source = fs.readFileSync(path.join(dir, file), 'utf8');
      for (const m of source.matchAll(/(?:check|guarded)\(\s*'([a-z0-9.-]+)'/g)) ids.add(m[1] ?? '');
    }
    expect(ids.size).toBeGreaterThan(8);
    for (const id of ids) expect(doctorCheckTitle('zh-CN', id), id).not.toBe('其他检查');
    expect(doctorCheckTitle('zh-TW', 'hq.credentials')).toBe('總部憑證');
    const failed = { status: 'fail' as const, summary: 'Only 120 MB free.', action: 'Free some space.' };
    expect(doctorFinding('zh-CN', failed).summary).not.toMatch(/[A-Za-z]{3}/);
    expect(doctorFinding('en', failed)).toEqual({ summary: 'Only 120 MB free.', action: 'Free some space.' });
  });
});
