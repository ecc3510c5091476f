import type { Db } from '../../db/connection.js';
import { stmt } from '../membership-kernel/statements.js';

export type LedgerKind = 'earn' | 'checkin' | 'birthday' | 'referral' | 'redeem' | 'refund' | 'expire' | 'adjust' | 'merge_in' | 'merge_out';

export interface LedgerInsert {
  memberId: string;
  delta: number;
  kind: LedgerKind;
  expiresAt: string | null;
  ref: string | null;
  reason: string | null;
  staffId: string | null;
  opId: string | null;
  at: string;
}

export interface LedgerRow {
  id: number;
  member_id: string;
  delta: number;
  kind: LedgerKind;
  expires_at: string | null;
  ref: string | null;
  reason: string | null;
  staff_id: string | null;
  created_at: string;
}

export function insertLedgerEntry(db: Db, e: LedgerInsert): number {
  const info = stmt(
    db,
    `INSERT INTO points_ledger (member_id, delta, kind, expires_at, ref, reason, staff_id, op_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(e.memberId, e.delta, e.kind, e.expiresAt, e.ref, e.reason, e.staffId, e.opId, e.at);
  return Number(info.lastInsertRowid);
}

export function cachedBalance(db: Db, memberId: string): number {
  const row = stmt(db, 'SELECT points_balance FROM members WHERE id = ?').get(memberId) as { points_balance: number } | undefined;
  return row?.points_balance ?? 0;
}

export function ledgerSum(db: Db, memberId: string): number {
  return (stmt(db, 'SELECT coalesce(sum(delta), 0) AS s FROM points_ledger WHERE member_id = ?').get(memberId) as { s: number }).s;
}

export function ledgerEntries(db: Db, memberId: string, limit: number): LedgerRow[] {
  return stmt(db, 'SELECT * FROM points_ledger WHERE member_id = ? ORDER BY id DESC LIMIT ?').all(memberId, limit) as LedgerRow[];
}

/** Facts for FIFO expiry: credits that expire by `at`, and all debits so far (as a positive number). */
export function expiryFacts(db: Db, memberId: string, at: string): { expiringCredits: number; debits: number } {
  const row = stmt(
    db,
    `SELECT coalesce(sum(CASE WHEN delta > 0 AND expires_at IS NOT NULL AND expires_at <= ? THEN delta END), 0) AS c,
            coalesce(-sum(CASE WHEN delta < 0 THEN delta END), 0) AS d
     FROM points_ledger WHERE member_id = ?`,
  ).get(at, memberId) as { c: number; d: number };
  return { expiringCredits: row.c, debits: row.d };
}

export function membersWithExpiringPoints(db: Db, at: string): string[] {
  return (stmt(
    db,
    `SELECT DISTINCT l.member_id AS id FROM points_ledger l JOIN members m ON m.id = l.member_id
     WHERE l.delta > 0 AND l.expires_at IS NOT NULL AND l.expires_at <= ? AND m.points_balance > 0`,
  ).all(at) as Array<{ id: string }>).map((r) => r.id);
}

export function hasLedgerRef(db: Db, memberId: string, kind: LedgerKind, ref: string): boolean {
  return stmt(db, 'SELECT 1 FROM points_ledger WHERE member_id = ? AND kind = ? AND ref = ? LIMIT 1').get(memberId, kind, ref) !== undefined;
}

/** The referral bonus a purchase earned the referrer (ref = the purchase id), if any; the member index narrows the search. */
export function referralBonusOf(db: Db, referrerId: string, purchaseId: string): { member_id: string; delta: number } | undefined {
  return stmt(db, "SELECT member_id, delta FROM points_ledger WHERE member_id = ? AND kind = 'referral' AND ref = ? AND delta > 0 LIMIT 1").get(referrerId, purchaseId) as
    | { member_id: string; delta: number }
    | undefined;
}
