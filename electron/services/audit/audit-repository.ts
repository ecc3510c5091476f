import type { Db } from '../../db/connection.js';
import { stmt } from '../membership-kernel/statements.js';

export interface AuditRow {
  id: number;
  at: string;
  staff_id: string | null;
  role: string | null;
  action: string;
  member_id: string | null;
  detail: string;
}

export function insertAudit(db: Db, row: Omit<AuditRow, 'id'>): void {
  stmt(db, 'INSERT INTO audit_log (at, staff_id, role, action, member_id, detail) VALUES (?, ?, ?, ?, ?, ?)').run(
    row.at,
    row.staff_id,
    row.role,
    row.action,
    row.member_id,
    row.detail,
  );
}

/** Retention: deletes rows older than the cutoff (the table's trigger refuses rows younger than 365 days). */
export function deleteAuditBefore(db: Db, cutoffIso: string): number {
  return stmt(db, 'DELETE FROM audit_log WHERE at < ?').run(cutoffIso).changes;
}

export function countAuditBefore(db: Db, cutoffIso: string): number {
  return (stmt(db, 'SELECT count(*) AS n FROM audit_log WHERE at < ?').get(cutoffIso) as { n: number }).n;
}

export interface AuditFilter {
  memberId?: string | undefined;
  beforeId?: number | undefined;
  action?: string | undefined;
  staffId?: string | undefined;
  /** ISO instants: at >= since and at < until. */
  since?: string | undefined;
  until?: string | undefined;
  limit: number;
}

/** An audit row with the names a manager reads (the staff member's; the member's, null once erased). */
export type NamedAuditRow = AuditRow & { staff_name: string | null; member_name: string | null; member_code: string | null };

export function listAudit(db: Db, filter: AuditFilter): NamedAuditRow[] {
  const v = (x: string | number | undefined) => x ?? null;
  return stmt(
    db,
    `SELECT a.*, s.name AS staff_name, m.name AS member_name, m.member_code AS member_code
     FROM audit_log a LEFT JOIN staff s ON s.id = a.staff_id LEFT JOIN members m ON m.id = a.member_id
     WHERE (@member IS NULL OR a.member_id = @member) AND (@before IS NULL OR a.id < @before) AND (@action IS NULL OR a.action = @action)
       AND (@staff IS NULL OR a.staff_id = @staff) AND (@since IS NULL OR a.at >= @since) AND (@until IS NULL OR a.at < @until)
     ORDER BY a.id DESC LIMIT @limit`,
  ).all({ member: v(filter.memberId), before: v(filter.beforeId), action: v(filter.action), staff: v(filter.staffId), since: v(filter.since), until: v(filter.until), limit: filter.limit }) as NamedAuditRow[];
}
