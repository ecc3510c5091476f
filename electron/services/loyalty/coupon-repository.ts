import type { CouponTerms } from '../../../edge-sync/protocol/coupon-terms.js';
import type { Db } from '../../db/connection.js';
import { stmt } from '../membership-kernel/statements.js';

/**
 * Coupons: issued by loyalty (a manager's gift, a campaign), redeemed by a purchase. They live with
 * loyalty so that purchases, which already build on loyalty's points and tiers, reads them from here.
 * A coupon is usable from valid_from (NULL = from issue) through expires_at (inclusive; NULL = no end).
 */
export interface CouponRow {
  id: string;
  member_id: string;
  title: string;
  kind: 'amount' | 'percent';
  amount_off_fen: number | null;
  percent_off: number | null;
  max_off_fen: number | null;
  min_spend_fen: number;
  source: string;
  status: 'issued' | 'used' | 'void';
  issued_at: string;
  valid_from: string | null;
  expires_at: string | null;
  used_at: string | null;
  purchase_id: string | null;
}

export interface NewCoupon {
  id: string;
  member_id: string;
  title: string;
  terms: CouponTerms;
  source: string;
  issued_at: string;
  /** UTC ISO instants (toISOString), so that they compare as text. */
  valid_from: string | null;
  expires_at: string | null;
}

/** The terms a stored row carries (the table's CHECK guarantees the columns of its kind are set). */
export function couponTermsOf(row: CouponRow): CouponTerms {
  if (row.kind === 'percent') return { kind: 'percent', percentOff: row.percent_off ?? 0, maxOffFen: row.max_off_fen, minSpendFen: row.min_spend_fen };
  return { kind: 'amount', amountOffFen: row.amount_off_fen ?? 0, minSpendFen: row.min_spend_fen };
}

export function getCoupon(db: Db, id: string): CouponRow | undefined {
  return stmt(db, 'SELECT * FROM coupons WHERE id = ?').get(id) as CouponRow | undefined;
}

/** The member's coupons that are issued and not expired: usable now, or later when valid_from is still ahead. */
export function unexpiredCoupons(db: Db, memberId: string, nowIso: string): CouponRow[] {
  return stmt(
    db,
    "SELECT * FROM coupons WHERE member_id = ? AND status = 'issued' AND (expires_at IS NULL OR expires_at >= ?) ORDER BY COALESCE(valid_from, issued_at), expires_at, id",
  ).all(memberId, nowIso) as CouponRow[];
}

export function insertCoupon(db: Db, c: NewCoupon): void {
  const t = c.terms;
  stmt(
    db,
    `INSERT INTO coupons (id, member_id, title, kind, amount_off_fen, percent_off, max_off_fen, min_spend_fen, source, issued_at, valid_from, expires_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    c.id,
    c.member_id,
    c.title,
    t.kind,
    t.kind === 'amount' ? t.amountOffFen : null,
    t.kind === 'percent' ? t.percentOff : null,
    t.kind === 'percent' ? t.maxOffFen : null,
    t.minSpendFen,
    c.source,
    c.issued_at,
    c.valid_from,
    c.expires_at,
  );
}

export function markCouponUsed(db: Db, id: string, purchaseId: string, at: string): void {
  stmt(db, "UPDATE coupons SET status = 'used', used_at = ?, purchase_id = ? WHERE id = ?").run(at, purchaseId, id);
}
