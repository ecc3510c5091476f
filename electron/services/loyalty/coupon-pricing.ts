import type { CouponTerms } from '../../../edge-sync/protocol/coupon-terms.js';
import { AppError } from '../../contract/result.js';
import type { Db } from '../../db/connection.js';
import { couponTermsOf, getCoupon, type CouponRow } from './coupon-repository.js';

/**
 * What a coupon takes off a sale, at the till (quote and record use the same function).
 *
 * Order: the tier discount comes off the total first; the coupon comes off what remains (`dueFen`);
 * points are redeemed against what remains after the coupon. The minimum spend is compared with the
 * total before any discount (the sum of the lines).
 *
 * - amount: min(amountOffFen, dueFen).
 * - percent: floor(dueFen × percentOff / 100) — rounded down to a whole fen, so the member never gets
 *   more than the printed percentage (the same rule as the tier discount) — then at most maxOffFen.
 * Never more than dueFen, so the amount to pay never goes below zero. All integer fen.
 */
export function couponOffFen(terms: CouponTerms, dueFen: number): number {
  if (!Number.isSafeInteger(dueFen) || dueFen <= 0) return 0;
  if (terms.kind === 'amount') return Math.min(terms.amountOffFen, dueFen);
  // dueFen ≤ 10^9 (validateFen) and percentOff ≤ 90: the product is far below 2^53, so this is exact.
  const off = Math.floor((dueFen * terms.percentOff) / 100);
  return Math.min(off, terms.maxOffFen ?? off, dueFen);
}

/**
 * The coupon if this member may use it at `now` (the store's clock), or the reason why not:
 * COUPON_NOT_FOUND (none, or another member's), COUPON_USED (used or voided), COUPON_NOT_YET_VALID
 * (before valid_from), COUPON_EXPIRED (after expires_at; the expiry instant itself still counts).
 */
export function usableCoupon(db: Db, couponId: string, memberId: string, now: Date): CouponRow {
  const c = getCoupon(db, couponId);
  if (!c || c.member_id !== memberId) throw new AppError('COUPON_NOT_FOUND', 'No such coupon for this member');
  if (c.status !== 'issued') throw new AppError('COUPON_USED', 'The coupon was already used or voided');
  const at = now.getTime();
  if (c.valid_from !== null && at < Date.parse(c.valid_from)) {
    throw new AppError('COUPON_NOT_YET_VALID', 'The coupon cannot be used before its start', { details: { validFrom: c.valid_from } });
  }
  if (c.expires_at !== null && at > Date.parse(c.expires_at)) throw new AppError('COUPON_EXPIRED', 'The coupon has expired', { details: { expiresAt: c.expires_at } });
  return c;
}

/** The fen a coupon takes off this sale, after checking it may be used now and the sale reaches its minimum spend. */
export function priceCoupon(db: Db, input: { couponId: string; memberId: string; totalFen: number; dueFen: number; now: Date }): number {
  const c = usableCoupon(db, input.couponId, input.memberId, input.now);
  if (input.totalFen < c.min_spend_fen) throw new AppError('COUPON_MIN_SPEND', 'The purchase is below the coupon minimum', { details: { minSpendFen: c.min_spend_fen } });
  return couponOffFen(couponTermsOf(c), input.dueFen);
}
