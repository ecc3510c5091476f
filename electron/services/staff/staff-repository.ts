import type { Db } from '../../db/connection.js';
import { stmt } from '../membership-kernel/statements.js';

export interface StaffRow {
  id: string;
  name: string;
  role: 'cashier' | 'manager';
  pin_lookup: string;
  pin_hash: string;
  active: number;
  created_at: string;
  updated_at: string;
}

export function insertStaff(db: Db, s: Omit<StaffRow, 'active' | 'updated_at'>): void {
  stmt(db, 'INSERT INTO staff (id, name, role, pin_lookup, pin_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    s.id,
    s.name,
    s.role,
    s.pin_lookup,
    s.pin_hash,
    s.created_at,
    s.created_at,
  );
}

export function staffByLookup(db: Db, lookup: string): StaffRow | undefined {
  return stmt(db, 'SELECT * FROM staff WHERE pin_lookup = ?').get(lookup) as StaffRow | undefined;
}

export function staffById(db: Db, id: string): StaffRow | undefined {
  return stmt(db, 'SELECT * FROM staff WHERE id = ?').get(id) as StaffRow | undefined;
}

export function listStaff(db: Db): StaffRow[] {
  return stmt(db, 'SELECT * FROM staff ORDER BY created_at').all() as StaffRow[];
}

export function countStaff(db: Db): number {
  return (stmt(db, 'SELECT count(*) AS n FROM staff').get() as { n: number }).n;
}

export function updateStaff(db: Db, id: string, f: { name: string; role: string; active: number; pinLookup: string; pinHash: string }, at: string): void {
  stmt(db, 'UPDATE staff SET name = ?, role = ?, active = ?, pin_lookup = ?, pin_hash = ?, updated_at = ? WHERE id = ?').run(
    f.name,
    f.role,
    f.active,
    f.pinLookup,
    f.pinHash,
    at,
    id,
  );
}

export function readLockout(db: Db, scope: string): { failures: number; locked_until: string | null } | undefined {
  return stmt(db, 'SELECT failures, locked_until FROM staff_lockout WHERE scope = ?').get(scope) as
    | { failures: number; locked_until: string | null }
    | undefined;
}

export function writeLockout(db: Db, scope: string, failures: number, lockedUntil: string | null): void {
  stmt(
    db,
    `INSERT INTO staff_lockout (scope, failures, locked_until) VALUES (?, ?, ?)
     ON CONFLICT (scope) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until`,
  ).run(scope, failures, lockedUntil);
}

/** A successful sign-in forgets the client's failures (rows of clients that never fail do not accumulate). */
export function deleteLockout(db: Db, scope: string): void {
  stmt(db, 'DELETE FROM staff_lockout WHERE scope = ?').run(scope);
}

/** Accounts whose PIN tag was made under another key (or by a version that kept the key in the database). */
export function staffWithStaleLookup(db: Db, currentPrefix: string): StaffRow[] {
  return stmt(db, 'SELECT * FROM staff WHERE substr(pin_lookup, 1, length(?)) <> ? ORDER BY created_at, id').all(currentPrefix, currentPrefix) as StaffRow[];
}

export function setPinLookup(db: Db, id: string, lookup: string): void {
  stmt(db, 'UPDATE staff SET pin_lookup = ? WHERE id = ?').run(lookup, id);
}
