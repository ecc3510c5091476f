import { describe, expect, it } from 'vitest';
import { PINYIN_NAME_CHARACTERS } from './pinyin-dictionary.js';
import { keyboardReducer, MAX_CANDIDATES, pinyinCandidates, type KeyboardAction, type KeyboardState } from './pinyin-input.js';

const start: KeyboardState = { value: '', pending: '', mode: 'pinyin' };
const run = (actions: KeyboardAction[], from = start) => actions.reduce(keyboardReducer, from);
const keys = (text: string): KeyboardAction[] => [...text].map((key) => ({ type: 'key', key }));

describe('pinyin candidates', () => {
  it('offers the common surnames for their syllable, most common first', () => {
    expect(pinyinCandidates('li')[0]).toBe('李');
    expect(pinyinCandidates('wang')[0]).toBe('王');
    expect(pinyinCandidates('zhang')[0]).toBe('张');
    expect(pinyinCandidates('chen')[0]).toBe('陈');
    expect(pinyinCandidates('lv')[0]).toBe('吕');
    expect(pinyinCandidates('lü')[0]).toBe('吕');
  });

  it('offers the syllables a prefix begins, exact match first, without duplicates and at most a barful', () => {
    const zh = pinyinCandidates('zh');
    expect(zh).toContain('张');
    expect(zh).toContain('赵');
    expect(zh.length).toBe(MAX_CANDIDATES);
    expect(new Set(zh).size).toBe(zh.length);
    expect(pinyinCandidates('n').slice(0, 3)).toEqual(['娜', '南', '倪']);
    expect(pinyinCandidates('na').slice(0, 2)).toEqual(['娜', '那']);
  });

  it('offers nothing for what is not pinyin', () => {
    expect(pinyinCandidates('')).toEqual([]);
    expect(pinyinCandidates('xq')).toEqual([]);
    expect(pinyinCandidates('1')).toEqual([]);
  });

  it('the table holds single characters only, each syllable in lowercase letters', () => {
    for (const [syllable, characters] of Object.entries(PINYIN_NAME_CHARACTERS)) {
      expect(syllable).toMatch(/^[a-z]+$/);
      expect([...characters].every((c) => /\p{Script=Han}/u.test(c)), syllable).toBe(true);
    }
    expect(Object.keys(PINYIN_NAME_CHARACTERS).length).toBeGreaterThan(150);
  });
});

describe('on-screen keyboard state', () => {
  it('types 李娜 in pinyin: letters wait, a tap on a candidate commits it', () => {
    let s = run(keys('li'));
    expect(s).toEqual({ value: '', pending: 'li', mode: 'pinyin' });
    s = run([{ type: 'pick', character: '李' }, ...keys('na'), { type: 'space' }], s);
    expect(s).toEqual({ value: '李娜', pending: '', mode: 'pinyin' });
  });

  it('deletes the pending pinyin first, then the text, one character at a time', () => {
    const s = run([{ type: 'set', value: '王芳' }, ...keys('x'), { type: 'delete' }, { type: 'delete' }]);
    expect(s.value).toBe('王');
    expect(s.pending).toBe('');
  });

  it('types letters, digits and single spaces as they are in letters mode, up to 40 characters', () => {
    const s = run([{ type: 'mode', mode: 'letters' }, ...keys('Amy'), { type: 'space' }, { type: 'space' }, ...keys('Li')]);
    expect(s.value).toBe('Amy Li');
    expect(run([{ type: 'mode', mode: 'letters' }, ...keys('a'.repeat(50))]).value).toHaveLength(40);
  });

  it('switching mode drops an unfinished syllable; a space with no candidate changes nothing', () => {
    expect(run([...keys('zh'), { type: 'mode', mode: 'letters' }])).toEqual({ value: '', pending: '', mode: 'letters' });
    expect(run([...keys('xq'), { type: 'space' }])).toEqual({ value: '', pending: 'xq', mode: 'pinyin' });
  });
});
