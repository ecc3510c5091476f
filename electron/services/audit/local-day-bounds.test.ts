import { describe, expect, it } from 'vitest';
import { localDayEnd, localDayStart } from './local-day-bounds.js';

describe('store-local day bounds', () => {
  it('a Shanghai day starts at 16:00 UTC the day before', () => {
    expect(localDayStart('2026-12-02', 'Asia/Shanghai').toISOString()).toBe('2026-12-01T16:00:00.000Z');
    expect(localDayEnd('2026-12-02', 'Asia/Shanghai').toISOString()).toBe('2026-12-02T16:00:00.000Z');
  });
  it('half-hour offsets and daylight-saving days', () => {
    expect(localDayStart('2026-01-10', 'Asia/Kolkata').toISOString()).toBe('2026-01-09T18:30:00.000Z');
    // Europe/Berlin springs forward on 29 March 2026: that day is 23 hours long.
    const start = localDayStart('2026-03-29', 'Europe/Berlin');
    expect(start.toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(localDayEnd('2026-03-29', 'Europe/Berlin').getTime() - start.getTime()).toBe(23 * 3_600_000);
    expect(localDayStart('2026-06-01', 'UTC').toISOString()).toBe('2026-06-01T00:00:00.000Z');
  });
});
