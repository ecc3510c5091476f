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

export function listAudit(db: Db, filter: { memberId?: string | undefined; beforeId?: number | undefined; limit: number }): AuditRow[] {
  return stmt(
    db,
    `SELECT * FROM audit_log WHERE (? IS NULL OR member_id = ?) AND (? IS NULL OR id < ?) ORDER BY id DESC LIMIT ?`,
  ).all(filter.memberId ?? null, filter.memberId ?? null, filter.beforeId ?? null, filter.beforeId ?? null, filter.limit) as AuditRow[];
}
