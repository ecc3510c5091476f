import type { StaffSession } from '../../contract/handlers.js';
import { AppError } from '../../contract/result.js';
import type { MembershipEnv } from '../membership-kernel/membership-env.js';
import { requireActiveMember } from '../members/member-service.js';
import { signInWithPin } from '../staff/staff-service.js';
import { purchaseItems, recentPurchases } from './purchase-repository.js';
import { refundPurchase, type RefundResult } from './purchase-service.js';

/**
 * Void and refund at the till: a cashier's session, approved on the spot by a manager's PIN (the
 * manager does not sign in on the console). The PIN goes through the same check, lockout and audit
 * as a sign-in; the refund is recorded as the approving manager's.
 */
export function approveAsManager(env: MembershipEnv, pin: string): StaffSession {
  const approver = signInWithPin(env, pin);
  if (approver.role !== 'manager') throw new AppError('MANAGER_PIN_REQUIRED', 'A manager PIN is needed to approve this');
  return approver;
}

export function refundWithManagerPin(
  env: MembershipEnv,
  input: { opId: string; purchaseId: string; amountFen?: number | undefined; reason: string; managerPin: string },
): RefundResult {
  const manager = approveAsManager(env, input.managerPin);
  return refundPurchase(env, { opId: input.opId, purchaseId: input.purchaseId, amountFen: input.amountFen, reason: input.reason }, manager);
}

export interface PurchaseSummary {
  purchaseId: string;
  at: string;
  paidFen: number;
  refundedFen: number;
  status: 'completed' | 'partially_refunded' | 'refunded';
  pointsRedeemed: number;
  items: Array<{ sku: string; name: string; qty: number; unitPriceFen: number }>;
}

/** The member's latest purchases, newest first, for void and refund at the till. */
export function memberPurchases(env: MembershipEnv, memberId: string, limit: number): PurchaseSummary[] {
  requireActiveMember(env, memberId);
  return recentPurchases(env.db, memberId, limit).map((p) => ({
    purchaseId: p.id,
    at: p.at,
    paidFen: p.paid_fen,
    refundedFen: p.refunded_fen,
    status: p.status,
    pointsRedeemed: p.points_redeemed,
    items: purchaseItems(env.db, p.id).map((i) => ({ sku: i.sku, name: i.name, qty: i.qty, unitPriceFen: i.unit_price_fen })),
  }));
}
