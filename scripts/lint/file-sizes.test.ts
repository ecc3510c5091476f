import { describe, expect, it } from 'vitest';
import { countLines, findOversizedFiles, isSizeChecked, statedReason } from './file-sizes.js';

const lines = (n: number, head = ''): string => head + Array.from({ length: n - (head ? head.split('\n').length - 1 : 0) }, (_, i) => `const x${i} = ${i};\n`).join('');

describe('the 400-line rule', () => {
  it('counts lines with or without a final newline', () => {
    expect(countLines('')).toBe(0);
    expect(countLines('a')).toBe(1);
    expect(countLines('a\n')).toBe(1);
    expect(countLines('a\nb')).toBe(2);
    expect(countLines('a\nb\n')).toBe(2);
  });

  it('checks code, scripts and styles, not the translation catalogues or other files', () => {
    for (const p of ['electron/a.ts', 'renderer/src/A.tsx', 'scripts/x.mjs', '.dependency-cruiser.cjs', 'scripts/setup.sh', 'renderer/src/styles/app.css']) {
      expect(isSizeChecked(p), p).toBe(true);
    }
    for (const p of ['renderer/src/i18n/messages/zh-CN.ts', 'README.md', 'package.json', 'native-models/manifest.json']) {
      expect(isSizeChecked(p), p).toBe(false);
    }
  });

  it('accepts 400 lines and flags 401', () => {
    expect(findOversizedFiles([{ path: 'a.ts', text: lines(400) }])).toEqual([]);
    expect(findOversizedFiles([{ path: 'a.ts', text: lines(401) }])).toEqual([{ path: 'a.ts', lines: 401 }]);
  });

  it('accepts a long file whose top says why', () => {
    const text = lines(450, '/**\n * The ESC/POS command table.\n * over-400-lines: one table of printer commands, read top to bottom\n */\n');
    expect(statedReason(text)).toBe('one table of printer commands, read top to bottom');
    expect(findOversizedFiles([{ path: 'a.ts', text }])).toEqual([]);
    expect(findOversizedFiles([{ path: 'a.sh', text: lines(450, '#!/bin/bash\n# over-400-lines: the whole CI run, step by step\n') }])).toEqual([]);
  });

  it('does not accept an empty reason, a token reason or one buried below the top', () => {
    expect(statedReason('// over-400-lines:\n')).toBeNull();
    expect(statedReason('// over-400-lines: yes\n')).toBeNull();
    const buried = lines(30) + '// over-400-lines: a reason nobody reads this far down\n' + lines(400);
    expect(statedReason(buried)).toBeNull();
    expect(findOversizedFiles([{ path: 'b.ts', text: buried }])).toEqual([{ path: 'b.ts', lines: 431 }]);
  });

  it('ignores the catalogues however long they are', () => {
    expect(findOversizedFiles([{ path: 'renderer/src/i18n/messages/en.ts', text: lines(900) }])).toEqual([]);
  });
});
