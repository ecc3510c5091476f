import type { StaffSession } from '../../contract/handlers.js';
import type { Db } from '../../db/connection.js';
import { countAuditBefore, deleteAuditBefore, insertAudit, listAudit, type AuditFilter } from './audit-repository.js';

/**
 * The append-only audit log (UPDATE/DELETE are refused by triggers): every staff read of a
 * member's data and every manual change. Details carry ids and field names, never the personal
 * data itself, so the log does not become a second copy of what erasure deletes.
 */
export type AuditAction =
  | 'member.read'
  | 'member.search'
  /** A member this store did not know, asked of HQ's member bank (issue 13): how, from where, the outcome. */
  | 'member.remote_lookup'
  | 'member.create'
  | 'member.update'
  | 'member.merge'
  | 'member.erase'
  | 'member.code_issued'
  | 'member.card_revoked'
  | 'member.card_printed'
  | 'member.erasure_receipt_printed'
  | 'points.adjust'
  | 'purchase.record'
  | 'purchase.refund'
  | 'coupon.issue'
  | 'checkin.staff'
  | 'checkin.void'
  | 'catalogue.save'
  | 'consent.grant'
  | 'consent.withdraw'
  | 'churn.followup'
  | 'staff.create'
  | 'staff.update'
  | 'staff.sign_in'
  | 'staff.sign_in_failed'
  | 'tiers.reevaluate'
  | 'retention.run'
  | 'dashboard.read'
  | 'audit.read'
  | 'face.enrol'
  | 'face.templates_delete'
  | 'face.reject_match'
  | 'face.clear_rejections'
  | 'receipt.reprint'
  | 'rules.hq_applied'
  | 'rules.hq_refused'
  | 'rules.local_applied'
  | 'coupon.hq_received'
  | 'catalogue.hq_received'
  | 'catalogue.hq_refused'
  | 'catalogue.hq_activated';

export function audit(
  db: Db,
  at: Date,
  session: StaffSession | null,
  action: AuditAction,
  memberId: string | null,
  detail: Record<string, string | number | boolean | null | string[]> = {},
): void {
  insertAudit(db, {
    at: at.toISOString(),
    staff_id: session?.staffId ?? null,
    role: session?.role ?? null,
    action,
    member_id: memberId,
    detail: JSON.stringify(detail),
  });
}

export interface AuditEntry {
  id: number;
  at: string;
  staffId: string | null;
  role: string | null;
  action: string;
  memberId: string | null;
  detail: Record<string, unknown>;
  /** The staff member's name as it is now (null for the member themself at the kiosk). */
  staffName: string | null;
  /** The member's name and code; both null once the member is erased (the log keeps only the id). */
  memberName: string | null;
  memberCode: string | null;
}

export function readAudit(db: Db, filter: AuditFilter): AuditEntry[] {
  return listAudit(db, filter).map((r) => ({
    id: r.id,
    at: r.at,
    staffId: r.staff_id,
    role: r.role,
    action: r.action,
    memberId: r.member_id,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
    staffName: r.staff_name,
    memberName: r.member_name,
    memberCode: r.member_id === null ? null : r.member_code,
  }));
}

const DAY_MS = 86_400_000;

/**
 * Audit retention (run by the maintenance timer): rows older than `days` go. The run is recorded
 * first, so the log itself says when and how much was removed, and the trigger's 365-day floor is
 * measured from that newest row.
 */
export function pruneAudit(db: Db, now: Date, days: number): { deleted: number } {
  const cutoff = new Date(now.getTime() - days * DAY_MS).toISOString();
  return db.transaction(() => {
    const due = countAuditBefore(db, cutoff);
    if (due === 0) return { deleted: 0 };
    audit(db, now, null, 'retention.run', null, { dataClass: 'audit_log', days, deleted: due });
    return { deleted: deleteAuditBefore(db, cutoff) };
  })();
}
