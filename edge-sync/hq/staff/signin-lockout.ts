import { createHash } from 'node:crypto';
import type { HqDb } from '../db/hq-db.js';

/**
 * Lockout with backoff per account, not per address (issue 13): an attacker with many addresses gets
 * no more guesses, and a colleague behind the same NAT is not locked out. Failures are counted per
 * username whether or not the account exists, so a lockout never tells that a username is real.
 */
export const FREE_FAILURES = 5;
export const FIRST_LOCK_MS = 60_000;
export const MAX_LOCK_MS = 3_600_000;
/** A failure this long after the previous one starts the count again (a typo a month later is not a sixth strike). */
export const FAILURES_FORGOTTEN_AFTER_MS = 24 * 3_600_000;

/** How long the account is locked after its n-th failure in a row: 1 min after the 5th, doubling, at most 1 h. */
export function lockDurationMs(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(FIRST_LOCK_MS * 2 ** Math.min(failures - FREE_FAILURES, 20), MAX_LOCK_MS);
}

/** Sign-in names are case-insensitive; what is stored is a hash (people type passwords into the username field). */
export function usernameKey(username: string): string {
  return createHash('sha256').update(`hq-signin:${username.trim().toLowerCase()}`, 'utf8').digest('hex');
}

/** When the username may try again, or null when it is not locked. */
export async function lockedUntil(db: HqDb, username: string, now: Date): Promise<Date | null> {
  const rows = await db.query('SELECT locked_until FROM hq_signin_failures WHERE username_key = $1', [usernameKey(username)]);
  const until = rows[0]?.locked_until;
  if (until === null || until === undefined) return null;
  const at = new Date(String(until));
  return at.getTime() > now.getTime() ? at : null;
}

export interface FailureOutcome {
  failures: number;
  /** Set when this failure locked the account. */
  lockedUntil: Date | null;
}

/** Counts one failed sign-in and locks the username when it has had its free tries. */
export async function recordFailure(t: HqDb, username: string, now: Date): Promise<FailureOutcome> {
  const key = usernameKey(username);
  const forgottenBefore = new Date(now.getTime() - FAILURES_FORGOTTEN_AFTER_MS).toISOString();
  const rows = await t.query(
    `INSERT INTO hq_signin_failures (username_key, failures, last_failure_at, locked_until) VALUES ($1, 1, $2, NULL)
     ON CONFLICT (username_key) DO UPDATE SET
       failures = CASE WHEN hq_signin_failures.last_failure_at < $3 THEN 1 ELSE hq_signin_failures.failures + 1 END,
       last_failure_at = excluded.last_failure_at
     RETURNING failures`,
    [key, now.toISOString(), forgottenBefore],
  );
  const failures = Number(rows[0]?.failures ?? 1);
  const lockMs = lockDurationMs(failures);
  if (lockMs === 0) return { failures, lockedUntil: null };
  const until = new Date(now.getTime() + lockMs);
  await t.query('UPDATE hq_signin_failures SET locked_until = $2 WHERE username_key = $1', [key, until.toISOString()]);
  return { failures, lockedUntil: until };
}

/** A successful sign-in starts the count again. */
export async function clearFailures(t: HqDb, username: string): Promise<void> {
  await t.query('DELETE FROM hq_signin_failures WHERE username_key = $1', [usernameKey(username)]);
}

/** Rows of usernames that have not failed for a day and are not locked: keeps the table small under a spray of made-up names. */
export async function purgeOldFailures(db: HqDb, now: Date): Promise<void> {
  const before = new Date(now.getTime() - FAILURES_FORGOTTEN_AFTER_MS).toISOString();
  await db.query('DELETE FROM hq_signin_failures WHERE last_failure_at < $1 AND (locked_until IS NULL OR locked_until < $2)', [before, now.toISOString()]);
}
