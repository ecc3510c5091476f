import { recordHqAudit } from '../audit/hq-audit.js';
import type { HqDb } from '../db/hq-db.js';
import { HqHttpError, type ConsoleStaff } from '../http/hq-app.js';
import { dummyPasswordHash, hashPassword, needsRehash, passwordProblem, verifyPassword } from './password-hash.js';
import { createSession, deleteStaffSessions, purgeExpiredSessions } from './session-store.js';
import { clearFailures, lockedUntil, purgeOldFailures, recordFailure } from './signin-lockout.js';
import { consumeSetupLink, peekSetupLink } from './setup-links.js';
import { findStaff, findStaffByUsername, markSignedIn, setStaffDisplayName, setStaffPassword } from './staff-store.js';

/** A 423 LOCKED_OUT answer: the route puts retryAfterSeconds into the error object and a Retry-After header. */
export class LockedOutError extends HqHttpError {
  constructor(readonly retryAfterSeconds: number) {
    super(423, 'LOCKED_OUT', `too many failed sign-ins; try again in ${retryAfterSeconds} s`, { 'retry-after': String(retryAfterSeconds) });
  }
}

const badCredentials = () => new HqHttpError(401, 'BAD_CREDENTIALS', 'wrong username or password');

export interface SignedIn {
  staff: ConsoleStaff;
  sessionId: string;
  csrfToken: string;
}

const toConsoleStaff = (s: { staffId: string; chainId: string; role: ConsoleStaff['role']; displayName: string }): ConsoleStaff => ({
  staffId: s.staffId,
  chainId: s.chainId,
  role: s.role,
  displayName: s.displayName,
});

const retryAfter = (until: Date, now: Date) => Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));

/**
 * Checks a username and password and opens a session. An unknown username, a deactivated account, one
 * still waiting for its setup link and a wrong password all get the same 401 after the same scrypt
 * work, and count towards the same per-username lockout.
 */
export async function signIn(db: HqDb, input: { username: string; password: string }, now: Date): Promise<SignedIn> {
  const username = input.username.trim().toLowerCase();
  const locked = await lockedUntil(db, username, now);
  if (locked) throw new LockedOutError(retryAfter(locked, now));

  const staff = await findStaffByUsername(db, username);
  const usable = staff !== null && staff.active && staff.passwordHash !== null;
  const hash = usable ? (staff.passwordHash as string) : await dummyPasswordHash();
  const matches = await verifyPassword(input.password, hash);

  if (!matches || !usable) {
    const outcome = await db.tx(async (t) => {
      const o = await recordFailure(t, username, now);
      if (o.lockedUntil && staff) {
        await recordHqAudit(t, { chainId: staff.chainId, staffId: staff.staffId, action: 'session.locked_out', subjectType: 'staff', subjectId: staff.staffId, detail: { failures: o.failures, lockedSeconds: retryAfter(o.lockedUntil, now) } }, now);
      }
      return o;
    });
    await purgeOldFailures(db, now);
    if (outcome.lockedUntil) throw new LockedOutError(retryAfter(outcome.lockedUntil, now));
    throw badCredentials();
  }

  const session = await db.tx(async (t) => {
    await clearFailures(t, username);
    await markSignedIn(t, staff.chainId, staff.staffId, now);
    const s = await createSession(t, staff, now);
    await recordHqAudit(t, { chainId: staff.chainId, staffId: staff.staffId, action: 'session.signed_in', subjectType: 'session', subjectId: staff.staffId }, now);
    return s;
  });
  // Raised KDF parameters reach old hashes at their owner's next sign-in.
  if (needsRehash(hash)) await setStaffPassword(db, staff.chainId, staff.staffId, await hashPassword(input.password));
  await purgeExpiredSessions(db, now);
  return { staff: toConsoleStaff(staff), ...session };
}

/**
 * Uses a one-time setup link: sets the password and display name and signs in. The password is
 * checked before the link is used up, so a refused password leaves the link usable.
 */
export async function completeSetup(db: HqDb, input: { token: string; password: string; displayName: string }, now: Date): Promise<SignedIn> {
  const target = await peekSetupLink(db, input.token, now);
  const before = await findStaff(db, target.chainId, target.staffId);
  if (!before || !before.active) throw new HqHttpError(400, 'SETUP_LINK_INVALID', 'this setup link is unknown, used or expired; ask a chain admin for a new one');
  const problem = passwordProblem(input.password, before.username);
  if (problem) throw new HqHttpError(400, 'VALIDATION', `password: ${problem}`);
  const hash = await hashPassword(input.password);
  return db.tx(async (t) => {
    const { chainId, staffId } = await consumeSetupLink(t, input.token, now);
    await setStaffPassword(t, chainId, staffId, hash);
    await setStaffDisplayName(t, chainId, staffId, input.displayName);
    await deleteStaffSessions(t, chainId, staffId);
    await clearFailures(t, before.username);
    await markSignedIn(t, chainId, staffId, now);
    const session = await createSession(t, { chainId, staffId }, now);
    await recordHqAudit(t, { chainId, staffId, action: 'staff.setup_completed', subjectType: 'staff', subjectId: staffId }, now);
    await recordHqAudit(t, { chainId, staffId, action: 'session.signed_in', subjectType: 'session', subjectId: staffId, detail: { via: 'setup_link' } }, now);
    return { staff: toConsoleStaff({ ...before, displayName: input.displayName }), ...session };
  });
}
