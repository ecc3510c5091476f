import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { couponTermsSchema, type CouponTerms } from '../../../edge-sync/protocol/coupon-terms.js';
import { testRandom } from '../../../tests/support/seeded-random.js';
import { couponOffFen } from './coupon-pricing.js';

const seeds = testRandom('coupon-pricing');

const percentTerms = fc.record({
  kind: fc.constant('percent' as const),
  percentOff: fc.integer({ min: 1, max: 90 }),
  maxOffFen: fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 10_000_000 })),
  minSpendFen: fc.constant(0),
});
const due = fc.oneof(fc.integer({ min: 0, max: 1_000 }), fc.integer({ min: 0, max: 1_000_000_000 }));

describe('couponOffFen', () => {
  it('a percent coupon takes floor(due × percent / 100), then the cap: never more than the printed percentage, never more than due', () => {
    fc.assert(
      fc.property(percentTerms, due, (terms, dueFen) => {
        const off = couponOffFen(terms, dueFen);
        expect(Number.isSafeInteger(off)).toBe(true);
        expect(off).toBeGreaterThanOrEqual(0);
        expect(off).toBeLessThanOrEqual(dueFen);
        // Rounded down to a whole fen: off ≤ due × p / 100 < off + 1 (in exact integers), unless the cap bites.
        expect(off * 100).toBeLessThanOrEqual(dueFen * terms.percentOff);
        if (terms.maxOffFen !== null) expect(off).toBeLessThanOrEqual(terms.maxOffFen);
        if (terms.maxOffFen === null || off < terms.maxOffFen) expect((off + 1) * 100).toBeGreaterThan(dueFen * terms.percentOff);
      }),
      { numRuns: 2_000, seed: seeds.fork() | 0 },
    );
  });

  it('an amount coupon takes its amount, or all that is due when that is less', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), due, (amountOffFen, dueFen) => {
        expect(couponOffFen({ kind: 'amount', amountOffFen, minSpendFen: 0 }, dueFen)).toBe(Math.min(amountOffFen, dueFen));
      }),
      { seed: seeds.fork() | 0 },
    );
  });

  it('rounds the fraction of a fen down, on worked examples', () => {
    const p = (percentOff: number, maxOffFen: number | null = null): CouponTerms => ({ kind: 'percent', percentOff, maxOffFen, minSpendFen: 0 });
    expect(couponOffFen(p(15), 999)).toBe(149); // 149.85 → 149
    expect(couponOffFen(p(10), 9)).toBe(0); // 0.9 → 0: a 9-fen sale gets nothing off
    expect(couponOffFen(p(90), 1)).toBe(0);
    expect(couponOffFen(p(33), 300)).toBe(99);
    expect(couponOffFen(p(20, 5_000), 100_000)).toBe(5_000); // 20 % of ¥1000 capped at ¥50
    expect(couponOffFen(p(20, 5_000), 20_000)).toBe(4_000);
    expect(couponOffFen(p(50), 0)).toBe(0);
  });

  it('the shared schema refuses terms outside 1–90 % and non-positive caps', () => {
    const ok = (t: unknown) => couponTermsSchema.safeParse(t).success;
    expect(ok({ kind: 'percent', percentOff: 90, maxOffFen: null, minSpendFen: 0 })).toBe(true);
    expect(ok({ kind: 'percent', percentOff: 91, maxOffFen: null, minSpendFen: 0 })).toBe(false);
    expect(ok({ kind: 'percent', percentOff: 0, maxOffFen: null, minSpendFen: 0 })).toBe(false);
    expect(ok({ kind: 'percent', percentOff: 10, maxOffFen: 0, minSpendFen: 0 })).toBe(false);
    expect(ok({ kind: 'amount', amountOffFen: 0, minSpendFen: 0 })).toBe(false);
  });
});
