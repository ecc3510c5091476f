import { AppError } from '../../contract/result.js';
import type { Db } from '../../db/connection.js';
import { stmt } from '../membership-kernel/statements.js';

export interface MemberRow {
  id: string;
  member_code: string;
  name: string | null;
  phone: string | null;
  phone_last4: string | null;
  birthday: string | null;
  birth_month: number | null;
  preferences: string;
  allergies: string;
  notes: string;
  tags: string;
  tier: string;
  tier_since: string;
  status: 'active' | 'merged' | 'erased';
  merged_into: string | null;
  referred_by: string | null;
  points_balance: number;
  last_visit_at: string | null;
  last_spend_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface NewMember {
  id: string;
  memberCode: string;
  name: string;
  phone: string;
  birthday: string | null;
  preferences: Record<string, string>;
  allergies: string;
  notes: string;
  tags: string[];
  tier: string;
  referredBy: string | null;
  at: string;
}

export function insertMember(db: Db, m: NewMember): void {
  stmt(
    db,
    `INSERT INTO members (id, member_code, name, phone, phone_last4, birthday, birth_month, preferences, allergies, notes, tags,
                          tier, tier_since, referred_by, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    m.id,
    m.memberCode,
    m.name,
    m.phone,
    m.phone.slice(-4),
    m.birthday,
    m.birthday ? Number(m.birthday.slice(5, 7)) : null,
    JSON.stringify(m.preferences),
    m.allergies,
    m.notes,
    JSON.stringify(m.tags),
    m.tier,
    m.at,
    m.referredBy,
    m.at,
    m.at,
  );
}

export function getMember(db: Db, id: string): MemberRow | undefined {
  return stmt(db, 'SELECT * FROM members WHERE id = ?').get(id) as MemberRow | undefined;
}

export function findMemberByPhone(db: Db, phone: string): MemberRow | undefined {
  return stmt(db, "SELECT * FROM members WHERE phone = ? AND status = 'active'").get(phone) as MemberRow | undefined;
}

/** Members whose phone ends in these digits, most recently seen first (sorted here so the last-4 index is always the plan). */
export function findMembersByLast4(db: Db, last4: string, limit = 10): MemberRow[] {
  const rows = stmt(db, "SELECT * FROM members WHERE phone_last4 = ? AND +status = 'active'").all(last4) as MemberRow[];
  return rows.sort((a, b) => (b.last_visit_at ?? '').localeCompare(a.last_visit_at ?? '')).slice(0, limit);
}

/**
 * A member of another store linked here through HQ's member bank (issue 13). Their profile, tier and
 * manual points belong to their home store: HQ refuses such events from this store (NOT_HOME_STORE).
 */
export function isLinkedRemoteMember(db: Db, id: string): boolean {
  return stmt(db, 'SELECT 1 FROM member_links WHERE member_id = ?').get(id) !== undefined;
}

/** Refuses a profile, tier or manual-points change of a member whose home is another store. */
export function assertHomeMember(db: Db, id: string): void {
  if (isLinkedRemoteMember(db, id)) throw new AppError('MEMBER_HOME_ELSEWHERE', 'This member belongs to another store: their profile and manual points are changed there');
}

export function memberCodeExists(db: Db, code: string): boolean {
  return stmt(db, 'SELECT 1 FROM members WHERE member_code = ?').get(code) !== undefined;
}

export function searchMembers(db: Db, query: string, limit: number): MemberRow[] {
  const like = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return stmt(
    db,
    `SELECT * FROM members WHERE status = 'active' AND (name LIKE ? ESCAPE '\\' OR member_code = ? OR phone = ? OR phone_last4 = ?)
     ORDER BY last_visit_at DESC NULLS LAST LIMIT ?`,
  ).all(like, query, query, query, limit) as MemberRow[];
}

export interface MemberFieldChanges {
  name?: string;
  phone?: string;
  birthday?: string | null;
  allergies?: string;
  notes?: string;
  tags?: string[];
  preferences?: Record<string, string>;
}

export function updateMemberFields(db: Db, id: string, c: MemberFieldChanges, at: string): void {
  const row = getMember(db, id);
  if (!row) return;
  const birthday = c.birthday !== undefined ? c.birthday : row.birthday;
  const phone = c.phone ?? row.phone;
  stmt(
    db,
    `UPDATE members SET name = ?, phone = ?, phone_last4 = ?, birthday = ?, birth_month = ?, allergies = ?, notes = ?, tags = ?,
                        preferences = ?, updated_at = ? WHERE id = ?`,
  ).run(
    c.name ?? row.name,
    phone,
    phone ? phone.slice(-4) : null,
    birthday,
    birthday ? Number(birthday.slice(5, 7)) : null,
    c.allergies ?? row.allergies,
    c.notes ?? row.notes,
    c.tags ? JSON.stringify(c.tags) : row.tags,
    c.preferences ? JSON.stringify(c.preferences) : row.preferences,
    at,
    id,
  );
}

export function setMemberTier(db: Db, id: string, tier: string, at: string): void {
  stmt(db, 'UPDATE members SET tier = ?, tier_since = ?, updated_at = ? WHERE id = ?').run(tier, at, at, id);
}

export function touchVisit(db: Db, id: string, at: string): void {
  stmt(db, 'UPDATE members SET last_visit_at = max(coalesce(last_visit_at, ?), ?) WHERE id = ?').run(at, at, id);
}

export function touchSpend(db: Db, id: string, at: string, paidFen: number): void {
  stmt(
    db,
    'UPDATE members SET last_spend_at = max(coalesce(last_spend_at, ?), ?), last_visit_at = max(coalesce(last_visit_at, ?), ?), value_12m_fen = value_12m_fen + ? WHERE id = ?',
  ).run(at, at, at, at, paidFen, id);
}

export function addToValue(db: Db, id: string, deltaFen: number): void {
  stmt(db, 'UPDATE members SET value_12m_fen = value_12m_fen + ? WHERE id = ?').run(deltaFen, id);
}

/** The periodic recomputation of every active member's rolling 12-month net spend. */
export function refreshMemberValues(db: Db, sinceIso: string): void {
  stmt(
    db,
    `UPDATE members SET value_12m_fen = coalesce((SELECT sum(p.paid_fen - p.refunded_fen) FROM purchases p WHERE p.member_id = members.id AND p.at > ?), 0)
     WHERE status = 'active'`,
  ).run(sinceIso);
}

export function insertTierHistory(db: Db, memberId: string, from: string | null, to: string, reason: string, at: string): void {
  stmt(db, 'INSERT INTO tier_history (member_id, from_tier, to_tier, reason, at) VALUES (?, ?, ?, ?, ?)').run(memberId, from, to, reason, at);
}

export function tierHistory(db: Db, memberId: string): Array<{ from_tier: string | null; to_tier: string; reason: string; at: string }> {
  return stmt(db, 'SELECT from_tier, to_tier, reason, at FROM tier_history WHERE member_id = ? ORDER BY id').all(memberId) as Array<{
    from_tier: string | null;
    to_tier: string;
    reason: string;
    at: string;
  }>;
}

/** Rolling-window facts used by the tier rules: net spend and visit days since `sinceIso`/`sinceDate`. */
export function spendAndVisitsSince(db: Db, memberId: string, sinceIso: string, untilIso: string, sinceDate: string): { spendFen: number; visitDays: number } {
  const spend = stmt(
    db,
    "SELECT coalesce(sum(paid_fen - refunded_fen), 0) AS s FROM purchases WHERE member_id = ? AND at > ? AND at <= ?",
  ).get(memberId, sinceIso, untilIso) as { s: number };
  const visits = stmt(db, 'SELECT count(*) AS n FROM activity_member_day WHERE member_id = ? AND local_date > ?').get(memberId, sinceDate) as { n: number };
  return { spendFen: spend.s, visitDays: visits.n };
}

export function activeMemberIds(db: Db): string[] {
  return (stmt(db, "SELECT id FROM members WHERE status = 'active'").all() as Array<{ id: string }>).map((r) => r.id);
}

export function markMemberErased(db: Db, id: string, at: string): void {
  stmt(
    db,
    `UPDATE members SET name = NULL, phone = NULL, phone_last4 = NULL, birthday = NULL, birth_month = NULL, preferences = '{}',
            allergies = '', notes = '', tags = '[]', status = 'erased', updated_at = ? WHERE id = ?`,
  ).run(at, id);
}

export function markMemberMerged(db: Db, id: string, into: string, at: string): void {
  stmt(
    db,
    `UPDATE members SET phone = NULL, phone_last4 = NULL, status = 'merged', merged_into = ?, updated_at = ? WHERE id = ?`,
  ).run(into, at, id);
}

/** Moves the history of a merged duplicate to the member kept; same-day check-ins of both collapse to the kept one's. */
export function reassignHistory(db: Db, fromId: string, toId: string): void {
  stmt(db, 'UPDATE purchases SET member_id = ? WHERE member_id = ?').run(toId, fromId);
  stmt(db, 'UPDATE coupons SET member_id = ? WHERE member_id = ?').run(toId, fromId);
  stmt(
    db,
    'UPDATE checkins SET member_id = ? WHERE member_id = ? AND local_date NOT IN (SELECT local_date FROM checkins WHERE member_id = ?)',
  ).run(toId, fromId, toId);
  stmt(
    db,
    `INSERT INTO activity_member_day (local_date, member_id, purchases, spend_fen, checkins)
     SELECT local_date, ?, purchases, spend_fen, checkins FROM activity_member_day WHERE member_id = ? AND true
     ON CONFLICT (local_date, member_id) DO UPDATE SET purchases = purchases + excluded.purchases,
       spend_fen = spend_fen + excluded.spend_fen, checkins = min(1, checkins + excluded.checkins)`,
  ).run(toId, fromId);
  stmt(db, 'DELETE FROM activity_member_day WHERE member_id = ?').run(fromId);
  stmt(
    db,
    `UPDATE members SET last_visit_at = max(coalesce(last_visit_at, ''), coalesce((SELECT last_visit_at FROM members WHERE id = ?), '')),
                        last_spend_at = max(coalesce(last_spend_at, ''), coalesce((SELECT last_spend_at FROM members WHERE id = ?), ''))
     WHERE id = ?`,
  ).run(fromId, fromId, toId);
  stmt(db, "UPDATE members SET last_visit_at = nullif(last_visit_at, ''), last_spend_at = nullif(last_spend_at, '') WHERE id = ?").run(toId);
  stmt(db, 'UPDATE members SET value_12m_fen = value_12m_fen + (SELECT value_12m_fen FROM members WHERE id = ?) WHERE id = ?').run(fromId, toId);
  stmt(db, 'UPDATE members SET value_12m_fen = 0 WHERE id = ?').run(fromId);
}

export function recentVisitDates(db: Db, memberId: string, limit: number): string[] {
  return (stmt(db, 'SELECT local_date FROM activity_member_day WHERE member_id = ? ORDER BY local_date DESC LIMIT ?').all(memberId, limit) as Array<{
    local_date: string;
  }>).map((r) => r.local_date);
}

export function countMembers(db: Db): { active: number; erased: number; merged: number } {
  const rows = stmt(db, 'SELECT status, count(*) AS n FROM members GROUP BY status').all() as Array<{ status: string; n: number }>;
  const get = (s: string) => rows.find((r) => r.status === s)?.n ?? 0;
  return { active: get('active'), erased: get('erased'), merged: get('merged') };
}
