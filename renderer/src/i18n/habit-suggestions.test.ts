import { describe, expect, it } from 'vitest';
import { formatSuggestion, greetingSuggestions, type HabitSuggestion } from './habit-suggestions.js';
import { locales } from './locales.js';

const text = { 'zh-CN': '服务端文本', en: 'service text' };
const wednesdayLatte: HabitSuggestion = { kind: 'weekday_item', sku: 'item:latte', name: '拿铁', weekday: 3, support: 4, confidence: 0.8, text };
const mornings: HabitSuggestion = { kind: 'time_of_day', bucket: 'morning', support: 6, confidence: 0.7, text };
const beans: HabitSuggestion = { kind: 'repurchase_cycle', sku: 'item:beans', name: 'Beans', everyDays: 14, support: 3, confidence: 0.9, nextDueDate: '2026-11-30', text };

describe('habit suggestions', () => {
  it('are worded from their fields in each language, never from the service text', () => {
    expect(formatSuggestion(wednesdayLatte, 'zh-CN')).toBe('您通常周三点拿铁');
    expect(formatSuggestion(wednesdayLatte, 'zh-TW')).toBe('您通常週三點拿铁');
    expect(formatSuggestion(wednesdayLatte, 'en')).toBe('You usually have 拿铁 on Wednesdays');
    expect(formatSuggestion(mornings, 'zh-TW')).toBe('您通常早上來店');
    expect(formatSuggestion(mornings, 'en')).toBe('You usually come in the morning');
    expect(formatSuggestion(beans, 'zh-CN')).toBe('您大约每 14 天买一次Beans');
    expect(formatSuggestion(beans, 'en')).toBe('You buy Beans about every 14 days');
    for (const locale of locales) {
      for (const s of [wednesdayLatte, mornings, beans]) {
        const worded = formatSuggestion(s, locale);
        expect(worded).not.toMatch(/service text|服务端文本|\{/);
      }
    }
  });

  it('the cashier reads about the member, not to them', () => {
    expect(formatSuggestion(wednesdayLatte, 'zh-CN', 'staff')).toBe('常在周三点拿铁');
    expect(formatSuggestion(mornings, 'zh-TW', 'staff')).toBe('常在早上來店');
    expect(formatSuggestion(beans, 'en', 'staff')).toBe('Buys Beans about every 14 days');
  });

  it('counts weekdays from Sunday, as the habit service does', () => {
    expect(formatSuggestion({ ...wednesdayLatte, weekday: 0 }, 'en')).toContain('Sundays');
    expect(formatSuggestion({ ...wednesdayLatte, weekday: 6 }, 'en')).toContain('Saturdays');
  });

  it('leaves out a habit it cannot word rather than showing a wrong one', () => {
    expect(formatSuggestion({ ...wednesdayLatte, weekday: 7 }, 'en')).toBeNull();
    expect(formatSuggestion({ ...beans, everyDays: 0 }, 'en')).toBeNull();
  });

  it('the greeting shows at most two, in the order the service ranked them for today (not by confidence)', () => {
    expect(greetingSuggestions([wednesdayLatte, mornings, beans], 'en')).toEqual(['You usually have 拿铁 on Wednesdays', 'You usually come in the morning']);
    expect(greetingSuggestions([{ ...wednesdayLatte, weekday: 9, confidence: 1 }, mornings], 'en')).toEqual(['You usually come in the morning']);
    expect(greetingSuggestions([], 'zh-CN')).toEqual([]);
  });
});
