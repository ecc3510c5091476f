import { describe, expect, it } from 'vitest';
import { changeOf, previousPeriodDate } from './period-comparison.js';

describe('dashboard comparison with the previous period', () => {
  it('the day before the first day, across month and year ends', () => {
    expect(previousPeriodDate('2026-12-01')).toBe('2026-11-30');
    expect(previousPeriodDate('2026-01-01')).toBe('2025-12-31');
    expect(previousPeriodDate('2024-03-01')).toBe('2024-02-29');
  });
  it('direction and ratio; no ratio from zero', () => {
    expect(changeOf(120, 100)).toEqual({ direction: 'up', ratio: 0.2 });
    expect(changeOf(75, 100)).toEqual({ direction: 'down', ratio: -0.25 });
    expect(changeOf(5, 5)).toEqual({ direction: 'same', ratio: 0 });
    expect(changeOf(3, 0)).toEqual({ direction: 'up', ratio: null });
    expect(changeOf(0, 0)).toEqual({ direction: 'same', ratio: null });
  });
});
