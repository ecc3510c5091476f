import { describe, expect, it } from 'vitest';
import { argumentsOf, formatMessage } from './message-format.js';

const ATTEMPTS = 'Wrong PIN: {attempts, plural, one {# attempt left} other {# attempts left}}';

describe('message format (ICU subset)', () => {
  it('chooses the English plural form by the count', () => {
    expect(formatMessage('en', ATTEMPTS, { attempts: 1 })).toBe('Wrong PIN: 1 attempt left');
    expect(formatMessage('en', ATTEMPTS, { attempts: 3 })).toBe('Wrong PIN: 3 attempts left');
    expect(formatMessage('en', ATTEMPTS, { attempts: 0 })).toBe('Wrong PIN: 0 attempts left');
  });

  it('prefers an exact =N option and formats # in the locale', () => {
    const text = '{count, plural, =0 {nothing waiting} one {# waiting} other {# waiting}}';
    expect(formatMessage('en', text, { count: 0 })).toBe('nothing waiting');
    expect(formatMessage('en', text, { count: 1200 })).toBe('1,200 waiting');
  });

  it('uses "other" for Chinese, which has no singular form', () => {
    expect(formatMessage('zh-CN', '还可尝试 {n, plural, other {# 次}}', { n: 1 })).toBe('还可尝试 1 次');
  });

  it('fills plain placeholders, also inside plural options, and leaves missing ones visible', () => {
    expect(formatMessage('en', '{name} has {n, plural, one {# point from {shop}} other {# points from {shop}}}', { name: 'Li', n: 2, shop: 'A' })).toBe('Li has 2 points from A');
    expect(formatMessage('en', 'Hello {name}')).toBe('Hello {name}');
    expect(formatMessage('en', ATTEMPTS, { attempts: 'x' })).toBe('Wrong PIN: {attempts}');
  });

  it('keeps text that only looks like an argument', () => {
    expect(formatMessage('en', 'a {b c} d', {})).toBe('a {b c} d');
  });

  it('lists the arguments a message uses, plain and plural', () => {
    expect(argumentsOf(ATTEMPTS)).toEqual(['attempts']);
    expect(argumentsOf('{a} {n, plural, one {# {b}} other {# {b}}}')).toEqual(['a', 'b', 'n']);
  });
});
