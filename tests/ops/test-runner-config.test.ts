/**
 * CI is honest only if a flaky test cannot pass on a second try and a focused test cannot hide the
 * rest: no retries in any runner configuration or test file, and no `.only`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import playwrightConfig from '../e2e/playwright.config.js';
import faultConfig from '../fault/vitest.config.js';
import baseConfig from '../../vitest.config.js';

const root = path.resolve(import.meta.dirname, '../..');

function testFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) out.push(...testFiles(rel));
    } else if (/\.(test|spec)\.tsx?$/.test(entry.name)) out.push(rel);
  }
  return out;
}

describe('test runner configuration', () => {
  it('never retries a failed test (vitest unit and fault, Playwright)', () => {
    expect(baseConfig.test?.retry).toBe(0);
    expect(faultConfig.test?.retry).toBe(0);
    expect(playwrightConfig.retries).toBe(0);
  });

  it('no test file retries, focuses (.only) or re-configures retries on its own', () => {
    const files = ['electron', 'edge-sync', 'renderer/src', 'scripts', 'tests'].flatMap(testFiles);
    expect(files.length).toBeGreaterThan(50);
    const offending: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(path.join(root, file), 'utf8');
      text.split('\n').forEach((line, i) => {
        if (/\b(?:it|test|describe|suite)(?:\.\w+)*\.only\s*\(/.test(line) || /\bretr(?:y|ies)\s*:/.test(line) || /\.configure\(\s*\{[^}]*retries/.test(line)) {
          offending.push(`${file}:${i + 1}: ${line.trim()}`);
        }
      });
    }
    expect(offending).toEqual([]);
  });
});
