import { createHash, randomBytes } from 'node:crypto';
import type { HqDb } from '../db/hq-db.js';
import { HQ_ROLES, type ConsoleStaff, type HqRole } from '../http/hq-app.js';

/** A session ends after 30 minutes without a request… */
export const SESSION_IDLE_MS = 30 * 60_000;
/** …and 12 hours after sign-in whatever happens, so a stolen cookie has a bounded life. */
export const SESSION_ABSOLUTE_MS = 12 * 3_600_000;
/** last_seen_at is written at most this often: a page of console requests is one write, not twenty. */
const TOUCH_EVERY_MS = 60_000;

/** Session ids and setup tokens are 256 random bits; HQ keeps only their SHA-256. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function secretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export interface NewSession {
  /** Goes into the cookie; HQ does not keep it. */
  sessionId: string;
  csrfToken: string;
}

export async function createSession(t: HqDb, staff: { chainId: string; staffId: string }, now: Date): Promise<NewSession> {
  const sessionId = newSecret();
  const csrfToken = newSecret();
  await t.query('INSERT INTO hq_sessions (session_hash, chain_id, staff_id, csrf_token, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $5)', [
    secretHash(sessionId),
    staff.chainId,
    staff.staffId,
    csrfToken,
    now.toISOString(),
  ]);
  return { sessionId, csrfToken };
}

export interface LiveSession {
  sessionHash: string;
  staff: ConsoleStaff;
  csrfToken: string;
}

/**
 * The session behind a cookie value, or null when there is none, it went idle or outlived its
 * absolute lifetime (then it is deleted), or its staff member was deactivated. Role and name are read
 * fresh on every request, so a role change applies at once.
 */
export async function loadSession(db: HqDb, sessionId: string, now: Date): Promise<LiveSession | null> {
  const sessionHash = secretHash(sessionId);
  const rows = await db.query(
    `SELECT s.chain_id, s.staff_id, s.csrf_token, s.created_at, s.last_seen_at, st.role, st.display_name, st.active
       FROM hq_sessions s JOIN hq_staff st ON st.staff_id = s.staff_id AND st.chain_id = s.chain_id
      WHERE s.session_hash = $1`,
    [sessionHash],
  );
  const r = rows[0];
  if (!r) return null;
  const created = Date.parse(String(r.created_at));
  const lastSeen = Date.parse(String(r.last_seen_at));
  const t = now.getTime();
  const active = r.active === true || r.active === 1;
  if (!active || t - lastSeen >= SESSION_IDLE_MS || t - created >= SESSION_ABSOLUTE_MS || !HQ_ROLES.includes(String(r.role) as HqRole)) {
    await deleteSession(db, String(r.chain_id), sessionHash);
    return null;
  }
  if (t - lastSeen >= TOUCH_EVERY_MS) {
    await db.query('UPDATE hq_sessions SET last_seen_at = $3 WHERE chain_id = $1 AND session_hash = $2', [r.chain_id, sessionHash, now.toISOString()]);
  }
  return {
    sessionHash,
    csrfToken: String(r.csrf_token),
    staff: { staffId: String(r.staff_id), chainId: String(r.chain_id), role: String(r.role) as HqRole, displayName: String(r.display_name) },
  };
}

export async function deleteSession(db: HqDb, chainId: string, sessionHash: string): Promise<void> {
  await db.query('DELETE FROM hq_sessions WHERE chain_id = $1 AND session_hash = $2', [chainId, sessionHash]);
}

/** Signs a staff member out everywhere (deactivated, or a new password set). */
export async function deleteStaffSessions(db: HqDb, chainId: string, staffId: string): Promise<void> {
  await db.query('DELETE FROM hq_sessions WHERE chain_id = $1 AND staff_id = $2', [chainId, staffId]);
}

/** Sessions past their absolute lifetime; called now and then so abandoned sessions do not pile up. */
export async function purgeExpiredSessions(db: HqDb, now: Date): Promise<void> {
  await db.query('DELETE FROM hq_sessions WHERE created_at < $1 OR last_seen_at < $2', [
    new Date(now.getTime() - SESSION_ABSOLUTE_MS).toISOString(),
    new Date(now.getTime() - SESSION_IDLE_MS).toISOString(),
  ]);
}
