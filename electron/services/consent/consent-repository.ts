import type { Db } from '../../db/connection.js';
import { stmt } from '../membership-kernel/statements.js';

export type ConsentKind = 'face' | 'photo' | 'marketing';

export interface ConsentRow {
  id: number;
  member_id: string;
  kind: ConsentKind;
  action: 'grant' | 'withdraw';
  text_version: string;
  device: string;
  guardian_name: string | null;
  guardian_relation: string | null;
  staff_id: string | null;
  at: string;
}

export function insertConsent(db: Db, c: Omit<ConsentRow, 'id'>): number {
  return Number(
    stmt(
      db,
      `INSERT INTO consents (member_id, kind, action, text_version, device, guardian_name, guardian_relation, staff_id, at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(c.member_id, c.kind, c.action, c.text_version, c.device, c.guardian_name, c.guardian_relation, c.staff_id, c.at).lastInsertRowid,
  );
}

export function latestConsent(db: Db, memberId: string, kind: ConsentKind): ConsentRow | undefined {
  return stmt(db, 'SELECT * FROM consents WHERE member_id = ? AND kind = ? ORDER BY id DESC LIMIT 1').get(memberId, kind) as ConsentRow | undefined;
}

export function countCurrentGrants(db: Db, kind: ConsentKind): number {
  return (
    stmt(
      db,
      `SELECT count(*) AS n FROM consents c JOIN members m ON m.id = c.member_id
       WHERE c.kind = ? AND m.status = 'active' AND c.action = 'grant'
         AND c.id = (SELECT max(id) FROM consents c2 WHERE c2.member_id = c.member_id AND c2.kind = c.kind)`,
    ).get(kind) as { n: number }
  ).n;
}

/** Guardians are personal data too: erasure keeps the consent evidence but not their names. */
export function scrubConsentPersonalData(db: Db, memberId: string): void {
  stmt(db, 'UPDATE consents SET guardian_name = NULL, guardian_relation = NULL WHERE member_id = ?').run(memberId);
}

export function scrubFollowupNotes(db: Db, memberId: string): void {
  stmt(db, "UPDATE churn_followups SET note = '', result = '' WHERE member_id = ?").run(memberId);
}

export function voidCoupons(db: Db, memberId: string): void {
  stmt(db, "UPDATE coupons SET status = 'void' WHERE member_id = ? AND status = 'issued'").run(memberId);
}

export function insertErasureReceipt(
  db: Db,
  r: { id: string; memberId: string; receiptCode: string; reason: string; faceTemplatesDeleted: number; cleared: string[]; staffId: string | null; at: string },
): void {
  stmt(
    db,
    'INSERT INTO erasure_receipts (id, member_id, receipt_code, reason, face_templates_deleted, cleared, staff_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(r.id, r.memberId, r.receiptCode, r.reason, r.faceTemplatesDeleted, JSON.stringify(r.cleared), r.staffId, r.at);
}

export function erasureReceiptFor(db: Db, memberId: string): { id: string; receipt_code: string; at: string; face_templates_deleted: number; cleared: string } | undefined {
  return stmt(db, 'SELECT id, receipt_code, at, face_templates_deleted, cleared FROM erasure_receipts WHERE member_id = ?').get(memberId) as
    | { id: string; receipt_code: string; at: string; face_templates_deleted: number; cleared: string }
    | undefined;
}

export function inactiveMembersSince(db: Db, cutoffIso: string): string[] {
  return (stmt(
    db,
    `SELECT id FROM members WHERE status = 'active' AND coalesce(last_visit_at, created_at) < ? AND coalesce(last_spend_at, created_at) < ?`,
  ).all(cutoffIso, cutoffIso) as Array<{ id: string }>).map((r) => r.id);
}

/** Folds the WAL into the database file and truncates it (after an erasure; see eraseMember). */
export function checkpointWal(db: Db): void {
  if (db.name === '' || db.name === ':memory:' || db.inTransaction) return;
  db.pragma('wal_checkpoint(TRUNCATE)');
}
