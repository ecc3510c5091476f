import type { Db } from '../../db/connection.js';
import { stmt } from '../membership-kernel/statements.js';

export interface PurchaseRow {
  id: string;
  member_id: string;
  at: string;
  local_date: string;
  local_hour: number;
  weekday: number;
  total_fen: number;
  coupon_id: string | null;
  coupon_fen: number;
  points_redeemed: number;
  redeemed_fen: number;
  paid_fen: number;
  points_earned: number;
  refunded_fen: number;
  status: 'completed' | 'partially_refunded' | 'refunded';
  staff_id: string | null;
}

export interface ItemRow {
  sku: string;
  name: string;
  qty: number;
  unit_price_fen: number;
}

export function insertPurchase(db: Db, p: Omit<PurchaseRow, 'refunded_fen' | 'status'>, items: ItemRow[]): void {
  stmt(
    db,
    `INSERT INTO purchases (id, member_id, at, local_date, local_hour, weekday, total_fen, coupon_id, coupon_fen, points_redeemed,
                            redeemed_fen, paid_fen, points_earned, staff_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(p.id, p.member_id, p.at, p.local_date, p.local_hour, p.weekday, p.total_fen, p.coupon_id, p.coupon_fen, p.points_redeemed, p.redeemed_fen, p.paid_fen, p.points_earned, p.staff_id);
  const line = stmt(db, 'INSERT INTO purchase_items (purchase_id, line_no, sku, name, qty, unit_price_fen) VALUES (?, ?, ?, ?, ?, ?)');
  items.forEach((it, i) => line.run(p.id, i + 1, it.sku, it.name, it.qty, it.unit_price_fen));
}

export function getPurchase(db: Db, id: string): PurchaseRow | undefined {
  return stmt(db, 'SELECT * FROM purchases WHERE id = ?').get(id) as PurchaseRow | undefined;
}

export function purchaseItems(db: Db, id: string): ItemRow[] {
  return stmt(db, 'SELECT sku, name, qty, unit_price_fen FROM purchase_items WHERE purchase_id = ? ORDER BY line_no').all(id) as ItemRow[];
}

export function setRefunded(db: Db, id: string, refundedFen: number, status: PurchaseRow['status']): void {
  stmt(db, 'UPDATE purchases SET refunded_fen = ?, status = ? WHERE id = ?').run(refundedFen, status, id);
}

export function insertRefund(
  db: Db,
  r: { id: string; purchaseId: string; amountFen: number; pointsReversed: number; pointsRestored: number; reason: string; at: string; staffId: string | null },
): void {
  stmt(
    db,
    'INSERT INTO refunds (id, purchase_id, amount_fen, points_reversed, points_restored, reason, at, staff_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(r.id, r.purchaseId, r.amountFen, r.pointsReversed, r.pointsRestored, r.reason, r.at, r.staffId);
}

export function countPurchases(db: Db, memberId: string): number {
  return (stmt(db, 'SELECT count(*) AS n FROM purchases WHERE member_id = ?').get(memberId) as { n: number }).n;
}

/** Item lines of a member's purchases since a time, for habits and favourites. */
export function memberItemLines(db: Db, memberId: string, sinceIso: string): Array<{ purchase_id: string; at: string; local_date: string; local_hour: number; weekday: number; sku: string; name: string; qty: number }> {
  return stmt(
    db,
    `SELECT p.id AS purchase_id, p.at, p.local_date, p.local_hour, p.weekday, i.sku, i.name, i.qty
     FROM purchases p JOIN purchase_items i ON i.purchase_id = p.id
     WHERE p.member_id = ? AND p.at >= ? AND p.status <> 'refunded' ORDER BY p.at`,
  ).all(memberId, sinceIso) as Array<{ purchase_id: string; at: string; local_date: string; local_hour: number; weekday: number; sku: string; name: string; qty: number }>;
}

export function recentPurchases(db: Db, memberId: string, limit: number): PurchaseRow[] {
  return stmt(db, 'SELECT * FROM purchases WHERE member_id = ? ORDER BY at DESC LIMIT ?').all(memberId, limit) as PurchaseRow[];
}
