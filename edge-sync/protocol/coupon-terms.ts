import { z } from 'zod';
import { fenAmount } from './bounds.js';

/**
 * What a coupon takes off, shared by HQ (the console's campaign form and the coupon it sends down)
 * and the store (which checks every coupon it receives with the same schema before storing it, and
 * applies it at the till). Two kinds:
 * - amount: a fixed number of fen off (满30减5);
 * - percent: 1–90 % off the amount after the tier discount, optionally capped at `maxOffFen`.
 * Both may need a minimum spend (the purchase total before any discount).
 */
export const MIN_PERCENT_OFF = 1;
/** More than 90 % off is a gift, not a coupon: HQ and the stores refuse it. */
export const MAX_PERCENT_OFF = 90;
/** Largest amount, cap or minimum spend a coupon may name (100,000 yuan). */
export const MAX_COUPON_FEN = 10_000_000;

export const couponPercentSchema = z.number().int().min(MIN_PERCENT_OFF).max(MAX_PERCENT_OFF);
export const couponAmountFenSchema = fenAmount().min(1).max(MAX_COUPON_FEN);
export const couponMinSpendFenSchema = fenAmount().max(MAX_COUPON_FEN);

export const couponTermsSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('amount'), amountOffFen: couponAmountFenSchema, minSpendFen: couponMinSpendFenSchema }).strict(),
  z
    .object({ kind: z.literal('percent'), percentOff: couponPercentSchema, maxOffFen: couponAmountFenSchema.nullable(), minSpendFen: couponMinSpendFenSchema })
    .strict(),
]);
export type CouponTerms = z.output<typeof couponTermsSchema>;

/**
 * The coupon's fields as they travel inside the downlink `coupon` body: an amount coupon keeps the shape
 * stores have always read (`amountOffFen`), a percent coupon names `percentOff` (and `maxOffFen` if capped)
 * instead. Exactly one of `amountOffFen` / `percentOff`.
 */
export const wireCouponTermsShape = {
  amountOffFen: couponAmountFenSchema.optional(),
  percentOff: couponPercentSchema.optional(),
  maxOffFen: couponAmountFenSchema.optional(),
  minSpendFen: couponMinSpendFenSchema,
};
interface WireCouponTerms {
  amountOffFen?: number | undefined;
  percentOff?: number | undefined;
  maxOffFen?: number | undefined;
  minSpendFen: number;
}

/** The refinement of a body built from wireCouponTermsShape: one kind only, a cap only on a percentage. */
export function checkWireCouponTerms(body: WireCouponTerms, ctx: z.RefinementCtx): void {
  const hasAmount = body.amountOffFen !== undefined;
  const hasPercent = body.percentOff !== undefined;
  if (hasAmount === hasPercent) ctx.addIssue({ code: 'custom', path: ['percentOff'], message: 'exactly one of amountOffFen and percentOff' });
  if (body.maxOffFen !== undefined && !hasPercent) ctx.addIssue({ code: 'custom', path: ['maxOffFen'], message: 'maxOffFen caps a percent coupon only' });
}

/** The terms of a checked wire body. */
export function couponTermsFromWire(body: WireCouponTerms): CouponTerms {
  if (body.percentOff !== undefined) return { kind: 'percent', percentOff: body.percentOff, maxOffFen: body.maxOffFen ?? null, minSpendFen: body.minSpendFen };
  return { kind: 'amount', amountOffFen: body.amountOffFen ?? 0, minSpendFen: body.minSpendFen };
}

/** The wire fields of some terms (the inverse of couponTermsFromWire). */
export function couponTermsToWire(terms: CouponTerms): WireCouponTerms {
  if (terms.kind === 'amount') return { amountOffFen: terms.amountOffFen, minSpendFen: terms.minSpendFen };
  return { percentOff: terms.percentOff, ...(terms.maxOffFen !== null ? { maxOffFen: terms.maxOffFen } : {}), minSpendFen: terms.minSpendFen };
}
