import { describe, expect, it } from 'vitest';
import { labelIndexes, niceMax, niceTicks, polylinePoints } from './chart-scale.js';

describe('chart scales', () => {
  it('rounds the axis maximum up to 1, 2 or 5 × 10^n', () => {
    expect(niceMax(0)).toBe(1);
    expect(niceMax(7)).toBe(10);
    expect(niceMax(13)).toBe(20);
    expect(niceMax(200)).toBe(200);
    expect(niceMax(4100)).toBe(5000);
  });
  it('maps values onto the box, top of the scale at y = 0', () => {
    expect(polylinePoints([0, 5, 10], 100, 50, 10)).toBe('0.0,50.0 50.0,25.0 100.0,0.0');
    expect(polylinePoints([], 100, 50, 10)).toBe('');
  });
});

describe('axis ticks', () => {
  it('steps of 1, 2 or 5 × 10^n from 0 to a whole step at or above the maximum', () => {
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(3)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(4100)).toEqual([0, 1000, 2000, 3000, 4000, 5000]);
    expect(niceTicks(123_456)).toEqual([0, 50_000, 100_000, 150_000]);
    for (const max of [1, 9, 11, 99, 101, 999_999]) {
      const ticks = niceTicks(max);
      expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(max);
      expect(ticks.length - 1).toBeLessThanOrEqual(5);
      expect(ticks.every(Number.isInteger)).toBe(true);
    }
  });
  it('category labels: at most the limit, first and last always', () => {
    expect(labelIndexes(5, 8)).toEqual([0, 1, 2, 3, 4]);
    expect(labelIndexes(24, 8)).toEqual([0, 4, 8, 12, 16, 20, 23]);
    expect(labelIndexes(31, 7)).toEqual([0, 5, 10, 15, 20, 25, 30]);
    expect(labelIndexes(0, 7)).toEqual([]);
    for (const n of [2, 7, 13, 30, 31, 92]) {
      const picked = labelIndexes(n, 7);
      expect(picked.length).toBeLessThanOrEqual(7);
      expect(picked[0]).toBe(0);
      expect(picked[picked.length - 1]).toBe(n - 1);
    }
  });
});
