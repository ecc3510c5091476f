import type { HqDb } from '../db/hq-db.js';
import { parseJson } from '../hq-sql.js';

/** What an HQ audit entry is about. Member ids are HQ's pseudonymous ids: no name or phone is ever written here. */
export type HqAuditSubject = 'member' | 'store' | 'device' | 'provisioning_token' | 'rules' | 'campaign' | 'staff' | 'erasure_request' | 'session' | 'audit_log' | 'redemption' | 'catalogue';

export interface HqAuditEntry {
  chainId: string;
  /** The HQ staff member, or null for HQ itself (a device request, a timer). */
  staffId: string | null;
  /** A dotted verb, e.g. 'member.viewed', 'rules.published', 'session.signed_in', 'session.locked_out'. */
  action: string;
  subjectType: HqAuditSubject;
  subjectId?: string | null;
  storeId?: string | null;
  /** Small, non-personal facts (counts, versions, reasons); never a phone number, name or face data. */
  detail?: Record<string, string | number | boolean | null>;
}

export interface HqAuditRow extends Required<Omit<HqAuditEntry, 'detail'>> {
  auditId: number;
  at: string;
  detail: Record<string, string | number | boolean | null>;
}

/**
 * Appends one entry to the HQ audit log (issue 13). Pass the transaction of the change being
 * audited, so the change and its entry commit together or not at all. The table refuses UPDATE
 * and DELETE (migration 3), so the log is append-only even for HQ's own code.
 */
export async function recordHqAudit(t: HqDb, entry: HqAuditEntry, at: Date): Promise<void> {
  await t.query(
    'INSERT INTO hq_audit_log (chain_id, at, staff_id, action, subject_type, subject_id, store_id, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
    [entry.chainId, at.toISOString(), entry.staffId, entry.action, entry.subjectType, entry.subjectId ?? null, entry.storeId ?? null, JSON.stringify(entry.detail ?? {})],
  );
}

export interface HqAuditQuery {
  chainId: string;
  /** Entries with an id below this (the previous page's last id), newest first. */
  before?: number;
  limit: number;
  action?: string;
  staffId?: string;
  subjectId?: string;
}

/** One page of a chain's audit log, newest first; always filtered by chain. */
export async function listHqAudit(db: HqDb, q: HqAuditQuery): Promise<HqAuditRow[]> {
  const where = ['chain_id = $1'];
  const params: unknown[] = [q.chainId];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (q.before !== undefined) add('audit_id < ?', q.before);
  if (q.action !== undefined) add('action = ?', q.action);
  if (q.staffId !== undefined) add('staff_id = ?', q.staffId);
  if (q.subjectId !== undefined) add('subject_id = ?', q.subjectId);
  params.push(Math.min(Math.max(q.limit, 1), 500));
  const rows = await db.query(
    `SELECT audit_id, chain_id, at, staff_id, action, subject_type, subject_id, store_id, detail FROM hq_audit_log WHERE ${where.join(' AND ')} ORDER BY audit_id DESC LIMIT $${params.length}`,
    params,
  );
  return rows.map((r) => ({
    auditId: Number(r.audit_id),
    chainId: String(r.chain_id),
    at: r.at instanceof Date ? r.at.toISOString() : String(r.at),
    staffId: r.staff_id === null ? null : String(r.staff_id),
    action: String(r.action),
    subjectType: String(r.subject_type) as HqAuditSubject,
    subjectId: r.subject_id === null ? null : String(r.subject_id),
    storeId: r.store_id === null ? null : String(r.store_id),
    detail: parseJson(r.detail) as HqAuditRow['detail'],
  }));
}
