import type { Db } from '../../db/connection.js';
import type { MemberRow } from './member-repository.js';

/** What the manager's member list filters on; every field optional (no filter = all active members). */
export interface BrowseFilter {
  tier?: string | undefined;
  /** ISO instants bounding last_visit_at; `neverVisited` asks for members with none. */
  visitedSince?: string | undefined;
  notVisitedSince?: string | undefined;
  neverVisited?: boolean | undefined;
  hasFace?: boolean | undefined;
  /** Part of a name, a whole member code, a whole (normalised) phone or its last four digits. */
  query?: string | undefined;
}

export type BrowseRow = MemberRow & { has_face: 0 | 1 };

/**
 * One page of active members, most recently seen first. The statement is built from the filters
 * in use (only fixed fragments, values always bound), so SQLite picks members_status_tier_last_visit
 * when a tier is chosen and members_status_last_visit otherwise.
 */
export function browseMembers(db: Db, filter: BrowseFilter, page: { offset: number; limit: number }): { rows: BrowseRow[]; total: number } {
  const where: string[] = ["m.status = 'active'"];
  const params: Array<string | number> = [];
  if (filter.tier !== undefined) {
    where.push('m.tier = ?');
    params.push(filter.tier);
  }
  if (filter.neverVisited) where.push('m.last_visit_at IS NULL');
  if (filter.visitedSince !== undefined) {
    where.push('m.last_visit_at >= ?');
    params.push(filter.visitedSince);
  }
  if (filter.notVisitedSince !== undefined) {
    where.push('m.last_visit_at < ?');
    params.push(filter.notVisitedSince);
  }
  if (filter.hasFace !== undefined) where.push(`${filter.hasFace ? '' : 'NOT '}EXISTS (SELECT 1 FROM face_templates f WHERE f.member_id = m.id)`);
  if (filter.query !== undefined) {
    where.push("(m.name LIKE ? ESCAPE '\\' OR m.member_code = ? OR m.phone = ? OR m.phone_last4 = ?)");
    params.push(`%${filter.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, filter.query, filter.query, filter.query);
  }
  const clause = where.join(' AND ');
  const total = db.prepare(`SELECT count(*) FROM members m WHERE ${clause}`).pluck().get(...params) as number;
  const rows = db
    .prepare(
      `SELECT m.*, EXISTS (SELECT 1 FROM face_templates f WHERE f.member_id = m.id) AS has_face
       FROM members m WHERE ${clause}
       ORDER BY m.last_visit_at DESC NULLS LAST, m.id LIMIT ? OFFSET ?`,
    )
    .all(...params, page.limit, page.offset) as BrowseRow[];
  return { rows, total };
}

/** The query plan of a browse (tests prove the filters use an index, not a scan of members). */
export function explainBrowse(db: Db, filter: BrowseFilter): string[] {
  const where = ["m.status = 'active'", ...(filter.tier !== undefined ? ['m.tier = ?'] : [])].join(' AND ');
  const params = filter.tier !== undefined ? [filter.tier] : [];
  return (db.prepare(`EXPLAIN QUERY PLAN SELECT m.id FROM members m WHERE ${where} ORDER BY m.last_visit_at DESC NULLS LAST, m.id LIMIT 25`).all(...params) as Array<{ detail: string }>).map(
    (r) => r.detail,
  );
}
