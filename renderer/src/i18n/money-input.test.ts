import { describe, expect, it } from 'vitest';
import { parseYuanToFen } from './money-input.js';

describe('parseYuanToFen', () => {
  it('converts yuan text to exact integer fen', () => {
    expect(parseYuanToFen('12')).toBe(1200);
    expect(parseYuanToFen('12.5')).toBe(1250);
    expect(parseYuanToFen('12.34')).toBe(1234);
    expect(parseYuanToFen('0.07')).toBe(7);
    expect(parseYuanToFen(' ¥1,234.50 ')).toBe(123450);
    // 0.29 * 100 is 28.999999999999996 as a float; string arithmetic gets 29.
    expect(parseYuanToFen('0.29')).toBe(29);
  });
  it('refuses negative, fractional fen, empty and non-numeric input', () => {
    for (const bad of ['', '-1', '1.234', 'abc', '1e3', '.5', '12.']) expect(parseYuanToFen(bad)).toBeNull();
  });
});
