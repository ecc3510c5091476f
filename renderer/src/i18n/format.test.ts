import { describe, expect, it } from 'vitest';
import { formatAgo, formatDate, formatDateTime, formatMoney, formatScore } from './format.js';

describe('formatMoney (integer fen)', () => {
  it('shows yuan with fen precision in every locale', () => {
    expect(formatMoney(1234, 'zh-CN')).toBe('¥12.34');
    expect(formatMoney(1234, 'en')).toBe('¥12.34');
    expect(formatMoney(1234, 'zh-TW')).toBe('¥12.34');
  });
  it('handles zero, single fen, negatives and large amounts exactly', () => {
    expect(formatMoney(0, 'zh-CN')).toBe('¥0.00');
    expect(formatMoney(5, 'zh-CN')).toBe('¥0.05');
    expect(formatMoney(-250, 'en')).toBe('-¥2.50');
    expect(formatMoney(123456789012, 'en')).toBe('¥1,234,567,890.12');
    // 0.1 + 0.2 style float drift would show here if the amount were divided as a float.
    expect(formatMoney(30, 'en')).toBe('¥0.30');
  });
  it('refuses non-integer money', () => {
    expect(() => formatMoney(12.5, 'zh-CN')).toThrow(RangeError);
  });
});

describe('dates in the store time zone', () => {
  it('renders a UTC timestamp in Asia/Shanghai, not the machine zone', () => {
    // 2026-01-31T20:30Z is already 1 February in Shanghai.
    expect(formatDate('2026-01-31T20:30:00.000Z', 'en', 'Asia/Shanghai')).toBe('Feb 1, 2026');
    expect(formatDateTime('2026-01-31T20:30:00.000Z', 'zh-CN', 'Asia/Shanghai')).toContain('04:30');
    expect(formatDate('2026-01-31T20:30:00.000Z', 'en', 'UTC')).toBe('Jan 31, 2026');
  });
});

describe('formatAgo', () => {
  it('picks minutes, hours or days', () => {
    expect(formatAgo(5 * 60_000, 'en')).toBe('5 minutes ago');
    expect(formatAgo(3 * 3_600_000, 'en')).toBe('3 hours ago');
    expect(formatAgo(200 * 86_400_000, 'en')).toBe('200 days ago');
    expect(formatAgo(3 * 86_400_000, 'zh-CN')).toBe('3天前');
  });
});

describe('formatScore (face match similarity)', () => {
  it('shows two decimals, not a percentage', () => {
    expect(formatScore(0.78, 'en')).toBe('0.78');
    expect(formatScore(0.7, 'zh-CN')).toBe('0.70');
    expect(formatScore(0.8765, 'zh-TW')).toBe('0.88');
  });
});
