import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

describe('backoffDelay', () => {
  const opts = { baseMs: 1_000, maxMs: 300_000 };
  it('doubles per failure between half and all of the exponential delay, capped', () => {
    expect(backoffDelay(0, opts, () => 0.5)).toBe(0);
    expect(backoffDelay(1, opts, () => 0)).toBe(500);
    expect(backoffDelay(1, opts, () => 1)).toBe(1_000);
    expect(backoffDelay(4, opts, () => 0)).toBe(4_000);
    expect(backoffDelay(4, opts, () => 1)).toBe(8_000);
    expect(backoffDelay(50, opts, () => 1)).toBe(300_000);
    expect(backoffDelay(50, opts, () => 0)).toBe(150_000);
  });
  it('spreads retries (jitter) so stores coming back do not retry in lock-step', () => {
    const samples = new Set(Array.from({ length: 50 }, () => backoffDelay(6, opts)));
    expect(samples.size).toBeGreaterThan(40);
  });
});
