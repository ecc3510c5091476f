import { z } from 'zod';
import { call } from './define.js';
import { memberId, opId } from './members.js';

/** Purchases in integer fen (amounts are checked by the service: AMOUNT_INVALID for negative or fractional). */
const item = z.object({ sku: z.string(), name: z.string(), qty: z.number(), unitPriceFen: z.number() }).strict();
const purchaseArgs = {
  memberId,
  items: z.array(item).max(1000),
  totalFen: z.number().optional(),
  redeemPoints: z.number().optional(),
  couponId: z.string().max(64).optional(),
};

export const purchaseQuoteSchema = z.object({
  totalFen: z.number().int(),
  discountPercent: z.number().int(),
  discountFen: z.number().int(),
  couponFen: z.number().int(),
  pointsRedeemed: z.number().int(),
  redeemedFen: z.number().int(),
  paidFen: z.number().int(),
  pointsEarned: z.number().int(),
  referralBonusPoints: z.number().int(),
});

export const purchaseResultSchema = purchaseQuoteSchema.extend({
  purchaseId: z.string(),
  memberId: z.string(),
  balanceAfter: z.number().int(),
  tierChangedTo: z.string().nullable(),
});

export const refundResultSchema = z.object({
  refundId: z.string(),
  purchaseId: z.string(),
  amountFen: z.number().int(),
  pointsReversed: z.number().int(),
  pointsNotRecovered: z.number().int(),
  pointsRestored: z.number().int(),
  status: z.enum(['partially_refunded', 'refunded']),
  balanceAfter: z.number().int(),
});

export const purchaseSummarySchema = z.object({
  purchaseId: z.string(),
  at: z.string(),
  paidFen: z.number().int(),
  refundedFen: z.number().int(),
  status: z.enum(['completed', 'partially_refunded', 'refunded']),
  pointsRedeemed: z.number().int(),
  items: z.array(z.object({ sku: z.string(), name: z.string(), qty: z.number().int(), unitPriceFen: z.number().int() })),
});

/**
 * What the member may redeem here now (issue 13, the member bank): `local` without the bank (this
 * store's balance); `online` with HQ reachable (the chain's balance as last synced, HQ authorises each
 * redemption); `offline` while HQ is unreachable (up to the per-member offline allowance left).
 */
export const redeemableSchema = z.object({
  memberId: z.string(),
  basis: z.enum(['local', 'online', 'offline']),
  spendable: z.number().int(),
  chainBalance: z.number().int().nullable(),
  allowanceLeft: z.number().int().nullable(),
});

export const purchasesCalls = {
  /** What the purchase would cost and earn (tier discount, coupon, redemption), without recording it. */
  'purchases.quote': call(z.object(purchaseArgs).strict(), purchaseQuoteSchema, 'staff'),
  'purchases.record': call(z.object({ opId, ...purchaseArgs }).strict(), purchaseResultSchema, 'staff'),
  /** Refunds the remaining paid amount, or `amountFen` of it; reverses earned points proportionally. */
  'purchases.refund': call(
    z.object({ opId, purchaseId: z.string().min(1).max(64), amountFen: z.number().optional(), reason: z.string() }).strict(),
    refundResultSchema,
    'manager',
  ),
  /**
   * Void or refund at the till: the cashier's session, approved by a manager's PIN typed there
   * (checked, locked out and audited like a sign-in; MANAGER_PIN_REQUIRED for a cashier's PIN).
   */
  'purchases.refundWithManagerPin': call(
    z.object({ opId, purchaseId: z.string().min(1).max(64), amountFen: z.number().optional(), reason: z.string(), managerPin: z.string().max(16) }).strict(),
    refundResultSchema,
    'staff',
  ),
  /** The member's latest purchases with their items, newest first (for void and refund). */
  'purchases.redeemable': call(z.object({ memberId }).strict(), redeemableSchema, 'staff'),
  'purchases.listForMember': call(z.object({ memberId, limit: z.number().int().min(1).max(50).default(10) }).strict(), z.array(purchaseSummarySchema), 'staff'),
};
