import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './rate-limit.js';

describe('TokenBuckets', () => {
  it('allows the burst, then one request per refill interval, per key', () => {
    const b = new TokenBuckets({ perSecond: 2, burst: 3 });
    expect([b.take('a', 0), b.take('a', 0), b.take('a', 0)]).toEqual([0, 0, 0]);
    expect(b.take('a', 0)).toBe(500);
    expect(b.take('b', 0)).toBe(0);
    expect(b.take('a', 500)).toBe(0);
    expect(b.take('a', 500)).toBeGreaterThan(0);
  });
});
