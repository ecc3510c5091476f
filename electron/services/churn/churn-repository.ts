import type { Db } from '../../db/connection.js';
import { stmt } from '../membership-kernel/statements.js';

export interface AtRiskRow {
  id: string;
  name: string | null;
  phone: string | null;
  tier: string;
  last_visit_at: string;
  value_fen: number;
  first_followup_after: string | null;
  followups: number;
}

/** Active members whose last visit (a purchase counts as a visit) is before the cutoff, most valuable first. */
export function atRiskMembers(db: Db, cutoffIso: string, limit: number): AtRiskRow[] {
  return stmt(
    db,
    `SELECT m.id, m.name, m.phone, m.tier, m.last_visit_at, m.value_12m_fen AS value_fen,
            (SELECT min(f.at) FROM churn_followups f WHERE f.member_id = m.id AND f.flagged_at >= m.last_visit_at) AS first_followup_after,
            (SELECT count(*) FROM churn_followups f WHERE f.member_id = m.id AND f.flagged_at >= m.last_visit_at) AS followups
     FROM members m
     WHERE m.status = 'active' AND m.last_visit_at IS NOT NULL AND m.last_visit_at < ?
     ORDER BY value_fen DESC, m.last_visit_at ASC LIMIT ?`,
  ).all(cutoffIso, limit) as AtRiskRow[];
}

/** The 12-month value at or above which a member is in the top `share` of paying customers. */
export function topValueThreshold(db: Db, share: number): number | null {
  const n = (stmt(db, "SELECT count(*) AS n FROM members WHERE status = 'active' AND value_12m_fen > 0").get() as { n: number }).n;
  if (n === 0) return null;
  const row = stmt(db, "SELECT value_12m_fen AS s FROM members WHERE status = 'active' AND value_12m_fen > 0 ORDER BY value_12m_fen DESC LIMIT 1 OFFSET ?").get(
    Math.max(0, Math.ceil(n * share) - 1),
  ) as { s: number } | undefined;
  return row?.s ?? null;
}

export function insertFollowup(
  db: Db,
  f: { id: string; memberId: string; flaggedAt: string; action: string; result: string; note: string; staffId: string | null; at: string },
): void {
  stmt(db, 'INSERT INTO churn_followups (id, member_id, flagged_at, action, result, note, staff_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    f.id,
    f.memberId,
    f.flaggedAt,
    f.action,
    f.result,
    f.note,
    f.staffId,
    f.at,
  );
}
