import type { Db } from '../../db/connection.js';
import { stmt } from '../membership-kernel/statements.js';

/**
 * Coupons: issued by loyalty (a manager's gift, a campaign), redeemed by a purchase. They live with
 * loyalty so that purchases, which already build on loyalty's points and tiers, reads them from here.
 */
export interface CouponRow {
  id: string;
  member_id: string;
  title: string;
  amount_off_fen: number;
  min_spend_fen: number;
  source: string;
  status: 'issued' | 'used' | 'void';
  issued_at: string;
  expires_at: string | null;
  used_at: string | null;
  purchase_id: string | null;
}

export function getCoupon(db: Db, id: string): CouponRow | undefined {
  return stmt(db, 'SELECT * FROM coupons WHERE id = ?').get(id) as CouponRow | undefined;
}

export function usableCoupons(db: Db, memberId: string, nowIso: string): CouponRow[] {
  return stmt(
    db,
    "SELECT * FROM coupons WHERE member_id = ? AND status = 'issued' AND (expires_at IS NULL OR expires_at > ?) ORDER BY expires_at",
  ).all(memberId, nowIso) as CouponRow[];
}

export function insertCoupon(db: Db, c: Omit<CouponRow, 'status' | 'used_at' | 'purchase_id'>): void {
  stmt(
    db,
    'INSERT INTO coupons (id, member_id, title, amount_off_fen, min_spend_fen, source, issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(c.id, c.member_id, c.title, c.amount_off_fen, c.min_spend_fen, c.source, c.issued_at, c.expires_at);
}

export function markCouponUsed(db: Db, id: string, purchaseId: string, at: string): void {
  stmt(db, "UPDATE coupons SET status = 'used', used_at = ?, purchase_id = ? WHERE id = ?").run(at, purchaseId, id);
}
