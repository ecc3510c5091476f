import { randomUUID } from 'node:crypto';
import type { HqDb, Row } from '../db/hq-db.js';
import { HqHttpError, HQ_ROLES, type HqRole } from '../http/hq-app.js';

/** An HQ staff account as HQ's code sees it. The password hash never leaves this module's callers' memory. */
export interface StaffRecord {
  staffId: string;
  chainId: string;
  username: string;
  displayName: string;
  role: HqRole;
  active: boolean;
  passwordHash: string | null;
  createdAt: string;
  lastSignInAt: string | null;
}

function toRole(v: unknown): HqRole {
  const role = String(v) as HqRole;
  if (!HQ_ROLES.includes(role)) throw new Error(`hq_staff holds an unknown role "${String(v)}"`);
  return role;
}

function toStaff(r: Row): StaffRecord {
  return {
    staffId: String(r.staff_id),
    chainId: String(r.chain_id),
    username: String(r.username),
    displayName: String(r.display_name),
    role: toRole(r.role),
    // SQLite keeps booleans as 0/1.
    active: r.active === true || r.active === 1,
    passwordHash: r.password_hash === null ? null : String(r.password_hash),
    createdAt: String(r.created_at),
    lastSignInAt: r.last_sign_in_at === null ? null : String(r.last_sign_in_at),
  };
}

const COLUMNS = 'staff_id, chain_id, username, display_name, role, active, password_hash, created_at, last_sign_in_at';

/** Sign-in names no chain, so this is the one staff lookup that is not filtered by chain. */
export async function findStaffByUsername(db: HqDb, username: string): Promise<StaffRecord | null> {
  const rows = await db.query(`SELECT ${COLUMNS} FROM hq_staff WHERE username = $1`, [username]);
  return rows[0] ? toStaff(rows[0]) : null;
}

export async function findStaff(db: HqDb, chainId: string, staffId: string): Promise<StaffRecord | null> {
  const rows = await db.query(`SELECT ${COLUMNS} FROM hq_staff WHERE chain_id = $1 AND staff_id = $2`, [chainId, staffId]);
  return rows[0] ? toStaff(rows[0]) : null;
}

export async function listStaff(db: HqDb, chainId: string): Promise<StaffRecord[]> {
  return (await db.query(`SELECT ${COLUMNS} FROM hq_staff WHERE chain_id = $1 ORDER BY username`, [chainId])).map(toStaff);
}

export interface NewStaff {
  chainId: string;
  username: string;
  displayName: string;
  role: HqRole;
}

/** Creates an account without a password (set through its setup link); 409 CONFLICT when the username is taken. */
export async function insertStaff(db: HqDb, s: NewStaff, now: Date): Promise<StaffRecord> {
  const chain = await db.query('SELECT chain_id FROM chains WHERE chain_id = $1', [s.chainId]);
  if (!chain[0]) throw new HqHttpError(404, 'NOT_FOUND', `no chain ${s.chainId}`);
  const staffId = `staff_${randomUUID()}`;
  const rows = await db.query(
    `INSERT INTO hq_staff (staff_id, chain_id, username, display_name, role, active, password_hash, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, NULL, $7) ON CONFLICT (username) DO NOTHING RETURNING ${COLUMNS}`,
    [staffId, s.chainId, s.username, s.displayName, s.role, true, now.toISOString()],
  );
  if (!rows[0]) throw new HqHttpError(409, 'CONFLICT', 'that username is taken');
  return toStaff(rows[0]);
}

export async function setStaffPassword(db: HqDb, chainId: string, staffId: string, passwordHash: string): Promise<void> {
  await db.query('UPDATE hq_staff SET password_hash = $3 WHERE chain_id = $1 AND staff_id = $2', [chainId, staffId, passwordHash]);
}

export async function setStaffDisplayName(db: HqDb, chainId: string, staffId: string, displayName: string): Promise<void> {
  await db.query('UPDATE hq_staff SET display_name = $3 WHERE chain_id = $1 AND staff_id = $2', [chainId, staffId, displayName]);
}

export async function markSignedIn(db: HqDb, chainId: string, staffId: string, now: Date): Promise<void> {
  await db.query('UPDATE hq_staff SET last_sign_in_at = $3 WHERE chain_id = $1 AND staff_id = $2', [chainId, staffId, now.toISOString()]);
}

export async function updateStaffRoleAndActive(db: HqDb, chainId: string, staffId: string, role: HqRole, active: boolean): Promise<void> {
  await db.query('UPDATE hq_staff SET role = $3, active = $4 WHERE chain_id = $1 AND staff_id = $2', [chainId, staffId, role, active]);
}

/**
 * The chain's active admins, locked for the rest of the transaction on PostgreSQL (SQLite transactions
 * are serialised already), so two admins demoting each other at once cannot leave the chain without one.
 */
export async function lockActiveChainAdmins(t: HqDb, chainId: string): Promise<string[]> {
  const forUpdate = t.dialect === 'postgres' ? ' FOR UPDATE' : '';
  const rows = await t.query(`SELECT staff_id FROM hq_staff WHERE chain_id = $1 AND role = 'chain_admin' AND active = $2${forUpdate}`, [chainId, true]);
  return rows.map((r) => String(r.staff_id));
}
