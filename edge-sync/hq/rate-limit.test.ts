import { describe, expect, it } from 'vitest';
import { RequestBudget } from './rate-limit.js';

describe('RequestBudget', () => {
  it('allows the burst, then refuses with the wait until the window refills, per key', async () => {
    const b = new RequestBudget({ perSecond: 2, burst: 3 });
    expect([await b.take('a'), await b.take('a'), await b.take('a')]).toEqual([0, 0, 0]);
    const wait = await b.take('a');
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(2000);
    expect(await b.waitFor('a')).toBeGreaterThan(0);
    expect(await b.take('b')).toBe(0);
    expect(await b.waitFor('c')).toBe(0);
  });
  it('keeps every key when there are very many (no clear-all at a size limit)', async () => {
    const b = new RequestBudget({ perSecond: 0.01, burst: 1 }); // a 100 s window: outlasts the loop
    expect(await b.take('victim')).toBe(0);
    for (let i = 0; i < 120_000; i++) await b.take(`random-${i}`);
    expect(await b.take('victim')).toBeGreaterThan(0);
  });
});
