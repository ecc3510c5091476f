import { randomUUID } from 'node:crypto';
import type { StaffRole, StaffSession } from '../../contract/handlers.js';
import { AppError } from '../../contract/result.js';
import { audit } from '../audit/audit-log.js';
import type { MembershipEnv } from '../membership-kernel/membership-env.js';
import { runOnce } from '../membership-kernel/op-ids.js';
import { hashPin, pinLookup, pinLookupPrefix, verifyPin } from './pin-hash.js';
import { countStaff, insertStaff, listStaff, readLockout, staffById, staffByLookup, staffWithStaleLookup, setPinLookup, updateStaff, writeLockout, deleteLockout, type StaffRow } from './staff-repository.js';

/**
 * Sign-in names the account (the staff member picks their tile, then types the PIN), and wrong PINs
 * are counted per staff account: a passer-by guessing at the kiosk can hold back only the account
 * they picked, never the rest of the shift, and a PIN is only ever checked against the named
 * account, so a wrong one says nothing about anyone else's. From the fifth wrong PIN in a row each
 * further one locks that account for LOCKOUT_BASE_MS doubled per extra failure, up to LOCKOUT_MAX_MS.
 * The PIN-only check (signInWithPin) remains for a manager's on-the-spot approval at the till, where
 * it is counted per client as before.
 */
export const MAX_PIN_FAILURES = 5;
export const LOCKOUT_BASE_MS = 30_000;
export const LOCKOUT_MAX_MS = 15 * 60_000;

export function lockoutMsAfter(failures: number): number {
  return failures < MAX_PIN_FAILURES ? 0 : Math.min(LOCKOUT_MAX_MS, LOCKOUT_BASE_MS * 2 ** Math.min(20, failures - MAX_PIN_FAILURES));
}

const scopeOf = (clientId: string) => `client:${clientId}`.slice(0, 120);
const accountScope = (staffId: string) => `staff:${staffId}`;

/** Same answer for every reason a PIN cannot be chosen, so it never tells that someone else has it. */
function pinNotAllowed(): AppError {
  return new AppError('PIN_NOT_ALLOWED', 'This PIN cannot be used; choose another');
}

export interface StaffView {
  staffId: string;
  name: string;
  role: StaffRole;
  active: boolean;
  createdAt: string;
}

function view(r: StaffRow): StaffView {
  return { staffId: r.id, name: r.name, role: r.role, active: r.active === 1, createdAt: r.created_at };
}

function checkPin(pin: unknown): string {
  if (typeof pin !== 'string' || !/^\d{4,8}$/.test(pin)) throw new AppError('PIN_INVALID', 'A PIN is 4–8 digits');
  return pin;
}

function checkStaffName(name: unknown): string {
  if (typeof name !== 'string' || name.trim().length < 1 || name.trim().length > 40) throw new AppError('NAME_INVALID', 'Staff name must be 1–40 characters');
  return name.trim();
}

/**
 * The account whose PIN this is. Found by its tag; else among accounts whose tag is stale (made under
 * another key, e.g. before the key left the database) by their scrypt hash, and then re-tagged.
 */
function staffByPin(env: MembershipEnv, pin: string): StaffRow | undefined {
  const secret = env.pinSecret();
  const lookup = pinLookup(secret, pin);
  const found = staffByLookup(env.db, lookup);
  if (found) return found;
  const stale = staffWithStaleLookup(env.db, pinLookupPrefix(secret)).find((r) => verifyPin(pin, r.pin_hash));
  if (stale) setPinLookup(env.db, stale.id, lookup);
  return stale ? (staffById(env.db, stale.id) as StaffRow) : undefined;
}

/** Runs `work` once per operation id when one is given (the request is keyed by the PIN's HMAC, never the PIN). */
function once<T>(env: MembershipEnv, opId: string | undefined, call: string, request: unknown, now: Date, work: () => T): T {
  return opId === undefined ? work() : runOnce(env.db, opId, call, request, now, work);
}

export function createStaff(env: MembershipEnv, input: { opId?: string | undefined; name: string; role: StaffRole; pin: string }, by: StaffSession | null): StaffView {
  const name = checkStaffName(input.name);
  const pin = checkPin(input.pin);
  const lookup = pinLookup(env.pinSecret(), pin);
  const pinHash = hashPin(pin); // slow: outside the transaction
  const now = env.clock.now();
  return env.db.transaction(() =>
    once(env, input.opId, 'staff.create', { name, role: input.role, lookup }, now, () => {
      // PIN-only sign-in needs PINs to be unique in the store; the refusal does not say why, and is audited.
      if (staffByPin(env, pin)) throw pinNotAllowed();
      const id = randomUUID();
      insertStaff(env.db, { id, name, role: input.role, pin_lookup: lookup, pin_hash: pinHash, created_at: now.toISOString() });
      audit(env.db, now, by, 'staff.create', null, { staffId: id, role: input.role });
      return view(staffById(env.db, id) as StaffRow);
    }),
  )();
}

/** First run of a real (non-demo) store: the first manager may be created without a session. */
export function bootstrapManager(env: MembershipEnv, input: { name: string; pin: string }): StaffView {
  if (countStaff(env.db) > 0) throw new AppError('STAFF_ALREADY_SET_UP', 'Staff accounts exist; a manager must create new ones');
  return createStaff(env, { ...input, role: 'manager' }, null);
}

export function updateStaffAccount(
  env: MembershipEnv,
  input: { opId?: string | undefined; staffId: string; name?: string | undefined; role?: StaffRole | undefined; active?: boolean | undefined; pin?: string | undefined },
  by: StaffSession,
): StaffView {
  const row = staffById(env.db, input.staffId);
  if (!row) throw new AppError('STAFF_NOT_FOUND', 'No such staff account');
  const pin = input.pin === undefined ? null : checkPin(input.pin);
  const lookup = pin === null ? row.pin_lookup : pinLookup(env.pinSecret(), pin);
  const pinHash = pin === null ? row.pin_hash : hashPin(pin);
  const now = env.clock.now();
  const request = { staffId: input.staffId, name: input.name, role: input.role, active: input.active, lookup: pin === null ? null : lookup };
  return env.db.transaction(() =>
    once(env, input.opId, 'staff.update', request, now, () => {
      const clash = pin === null ? undefined : staffByPin(env, pin);
      if (clash && clash.id !== row.id) throw pinNotAllowed();
      const next = {
        name: input.name === undefined ? row.name : checkStaffName(input.name),
        role: input.role ?? row.role,
        active: input.active === undefined ? row.active : input.active ? 1 : 0,
        pinLookup: lookup,
        pinHash,
      };
      // A store must keep at least one active manager, or nobody can manage it any more.
      if ((next.role !== 'manager' || next.active === 0) && row.role === 'manager' && row.active === 1) {
        const managers = listStaff(env.db).filter((s) => s.role === 'manager' && s.active === 1 && s.id !== row.id);
        if (managers.length === 0) throw new AppError('LAST_MANAGER', 'The last active manager cannot be removed or demoted');
      }
      updateStaff(env.db, row.id, next, now.toISOString());
      audit(env.db, now, by, 'staff.update', null, { staffId: row.id, fields: Object.keys(input).filter((k) => k !== 'staffId' && k !== 'pin' && k !== 'opId').concat(pin ? ['pin'] : []) });
      return view(staffById(env.db, row.id) as StaffRow);
    }),
  )();
}

export function staffList(env: MembershipEnv): StaffView[] {
  return listStaff(env.db).map(view);
}

export interface RosterEntry {
  staffId: string;
  displayName: string;
  role: StaffRole;
}

/** The tiles of the sign-in screen: active accounts only, with nothing but the name and role. */
export function staffRoster(env: MembershipEnv): RosterEntry[] {
  return listStaff(env.db)
    .filter((r) => r.active === 1)
    .map((r) => ({ staffId: r.id, displayName: r.name, role: r.role }));
}

function lockedOut(until: string): AppError {
  return new AppError('STAFF_LOCKED_OUT', 'Too many wrong PINs; try again later', { retryable: true, details: { until } });
}

/**
 * Signs in the named account. The PIN is verified against that account's hash only; failures are
 * counted on the account (whichever client they come from) and back off exponentially. A
 * deactivated account fails like a wrong PIN. The client id is audited, not used for the lockout.
 */
export function signInAsStaff(env: MembershipEnv, input: { staffId: string; pin: string }, clientId = 'local'): StaffSession {
  const now = env.clock.now();
  const row = staffById(env.db, input.staffId);
  if (!row) throw new AppError('STAFF_NOT_FOUND', 'No such staff account');
  const scope = accountScope(row.id);
  const lock = readLockout(env.db, scope);
  if (lock?.locked_until && new Date(lock.locked_until) > now) throw lockedOut(lock.locked_until);
  const pin = typeof input.pin === 'string' && /^\d{4,8}$/.test(input.pin) ? input.pin : null;
  const good = pin !== null && row.active === 1 && verifyPin(pin, row.pin_hash); // slow: outside the transaction
  // The failure counter must commit even though the call fails, so decide inside and throw after.
  const outcome = env.db.transaction((): { session: StaffSession } | { lockedUntil: string | null; attemptsLeft: number } => {
    if (!good || pin === null) {
      const failures = (lock?.failures ?? 0) + 1;
      const lockMs = lockoutMsAfter(failures);
      const lockedUntil = lockMs > 0 ? new Date(now.getTime() + lockMs).toISOString() : null;
      writeLockout(env.db, scope, failures, lockedUntil);
      audit(env.db, now, null, 'staff.sign_in_failed', null, { staffId: row.id, client: clientId.slice(0, 64), locked: lockedUntil !== null, failures });
      return { lockedUntil, attemptsLeft: Math.max(0, MAX_PIN_FAILURES - failures) };
    }
    deleteLockout(env.db, scope);
    // A tag made under another key (before the key left the database) is renewed while the PIN is at hand.
    const secret = env.pinSecret();
    if (!row.pin_lookup.startsWith(pinLookupPrefix(secret))) setPinLookup(env.db, row.id, pinLookup(secret, pin));
    const session: StaffSession = { staffId: row.id, role: row.role, displayName: row.name };
    audit(env.db, now, session, 'staff.sign_in', null);
    return { session };
  })();
  if ('session' in outcome) return outcome.session;
  if (outcome.lockedUntil) throw lockedOut(outcome.lockedUntil);
  throw new AppError('PIN_INCORRECT', 'Wrong PIN', { details: { attemptsLeft: outcome.attemptsLeft } });
}

/** PIN-only check for a manager's approval at the till (no account named): counts failures per client and backs off exponentially. */
export function signInWithPin(env: MembershipEnv, rawPin: string, clientId = 'local'): StaffSession {
  const now = env.clock.now();
  const scope = scopeOf(clientId);
  const lock = readLockout(env.db, scope);
  if (lock?.locked_until && new Date(lock.locked_until) > now) {
    throw new AppError('STAFF_LOCKED_OUT', 'Too many wrong PINs; try again later', { retryable: true, details: { until: lock.locked_until } });
  }
  const pin = typeof rawPin === 'string' && /^\d{4,8}$/.test(rawPin) ? rawPin : null;
  const row = pin ? env.db.transaction(() => staffByPin(env, pin))() : undefined;
  const good = row !== undefined && pin !== null && row.active === 1 && verifyPin(pin, row.pin_hash);
  // The failure counter must commit even though the call fails, so decide inside and throw after.
  const outcome = env.db.transaction((): { session: StaffSession } | { lockedUntil: string | null; attemptsLeft: number } => {
    if (!good || !row) {
      const failures = (lock?.failures ?? 0) + 1;
      const lockMs = lockoutMsAfter(failures);
      const lockedUntil = lockMs > 0 ? new Date(now.getTime() + lockMs).toISOString() : null;
      writeLockout(env.db, scope, failures, lockedUntil);
      audit(env.db, now, null, 'staff.sign_in_failed', null, { locked: lockedUntil !== null, failures });
      return { lockedUntil, attemptsLeft: Math.max(0, MAX_PIN_FAILURES - failures) };
    }
    deleteLockout(env.db, scope);
    const session: StaffSession = { staffId: row.id, role: row.role, displayName: row.name };
    audit(env.db, now, session, 'staff.sign_in', null);
    return { session };
  })();
  if ('session' in outcome) return outcome.session;
  if (outcome.lockedUntil) throw new AppError('STAFF_LOCKED_OUT', 'Too many wrong PINs; try again later', { retryable: true, details: { until: outcome.lockedUntil } });
  throw new AppError('PIN_INCORRECT', 'Wrong PIN', { details: { attemptsLeft: outcome.attemptsLeft } });
}
