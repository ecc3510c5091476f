import { describe, expect, it } from 'vitest';
import { niceMax, polylinePoints } from './chart-scale.js';

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
