import { describe, expect, it } from 'vitest';
import { ageOn, needsGuardian, storeToday } from './join-age.js';

describe('guardian consent age', () => {
  it('counts whole years, the birthday itself included', () => {
    expect(ageOn('2012-11-22', '2026-11-22')).toBe(14);
    expect(ageOn('2012-11-23', '2026-11-22')).toBe(13);
    expect(ageOn('2012-12-01', '2026-11-22')).toBe(13);
  });
  it('needs a guardian under 14 only, and not when no birthday was given', () => {
    expect(needsGuardian('2013-01-01', '2026-11-22')).toBe(true);
    expect(needsGuardian('2012-11-22', '2026-11-22')).toBe(false);
    expect(needsGuardian(null, '2026-11-22')).toBe(false);
  });
  it("takes today's date in the store's zone, not the machine's", () => {
    const lateUtc = new Date('2026-11-22T20:00:00Z');
    expect(storeToday(lateUtc, 'Asia/Shanghai')).toBe('2026-11-23');
    expect(storeToday(lateUtc, 'UTC')).toBe('2026-11-22');
  });
});
