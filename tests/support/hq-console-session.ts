import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openHqDb, type HqDb } from '../../edge-sync/hq/db/hq-db.js';
import { createHqApp, type ConsoleContext, type ConsoleRoutes, type HqApp, type HqRole } from '../../edge-sync/hq/http/hq-app.js';
import { HqRepository } from '../../edge-sync/hq/hq-repository.js';
import { hashPassword } from '../../edge-sync/hq/staff/password-hash.js';
import { SESSION_COOKIE } from '../../edge-sync/hq/staff/session-cookie.js';
import { createSession } from '../../edge-sync/hq/staff/session-store.js';
import { createConsoleGuard, staffConsoleRoutes } from '../../edge-sync/hq/staff/staff-console-routes.js';
import { insertStaff } from '../../edge-sync/hq/staff/staff-store.js';
import { createScratchPgDatabase } from '../fault/support/hq-fixture.js';
import { hqTestEngine } from './postgres.js';

/**
 * Console test support (issue 13): a real staff account and a real session in the HQ database, so
 * route tests go through the real session guard (cookie, CSRF token, role) with `app.inject`.
 *
 *   const app = await createConsoleTestApp({ db, now, routes: [dashboardRoutes] });
 *   const ops = await createStaffAndSignIn(app, db, { chainId: 'c1', role: 'operations', now });
 *   await app.inject({ method: 'POST', url: '/console/api/…', headers: ops.headers(), payload: {…} });
 */
export interface ConsoleTestSession {
  staffId: string;
  username: string;
  /** The account's password (for tests of sign-in itself). */
  password: string;
  /** `hq_console_session=<id>`: the value of a Cookie header. */
  cookie: string;
  csrfToken: string;
  /** Cookie and x-csrf-token, for any method; add your own on top. */
  headers(): Record<string, string>;
}

/** Cheap parameters for test accounts (made in bulk); HQ re-hashes with today's parameters at their first real sign-in. */
const TEST_SCRYPT = { log2N: 10, r: 8, p: 1 };

type Clock = Date | (() => Date);
const at = (now: Clock): Date => (typeof now === 'function' ? now() : now);

/** The chain is created if missing (a staff member needs one). The session starts at `now`: the app's clock must be within 30 minutes of it. */
export async function createStaffAndSignIn(
  _app: HqApp,
  db: HqDb,
  opts: { chainId: string; role: HqRole; now: Clock; displayName?: string; username?: string },
): Promise<ConsoleTestSession> {
  const now = at(opts.now);
  await db.query('INSERT INTO chains (chain_id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (chain_id) DO NOTHING', [opts.chainId, opts.chainId, now.toISOString()]);
  const username = opts.username ?? `t-${opts.role.replace('_', '-')}-${randomBytes(4).toString('hex')}`;
  const password = `pw-${randomBytes(9).toString('base64url')}`;
  const staff = await insertStaff(db, { chainId: opts.chainId, username, displayName: opts.displayName ?? `Test ${opts.role}`, role: opts.role }, now);
  await db.query('UPDATE hq_staff SET password_hash = $2 WHERE staff_id = $1', [staff.staffId, await hashPassword(password, TEST_SCRYPT)]);
  const session = await createSession(db, staff, now);
  const cookie = `${SESSION_COOKIE}=${session.sessionId}`;
  return {
    staffId: staff.staffId,
    username,
    password,
    cookie,
    csrfToken: session.csrfToken,
    headers: () => ({ cookie, 'x-csrf-token': session.csrfToken }),
  };
}

/**
 * An HQ app with the real console guard, the session/staff/audit routes, and `routes` (your module's
 * ConsoleRoutes). Call `app.close()` when done; the database is yours to close.
 */
export async function createConsoleTestApp(opts: { db: HqDb; now: () => Date; routes?: readonly ConsoleRoutes[] }): Promise<HqApp> {
  const app = createHqApp({ now: opts.now });
  const ctx: ConsoleContext = { db: opts.db, repo: new HqRepository(opts.db), now: opts.now, guard: createConsoleGuard({ db: opts.db, now: opts.now }) };
  for (const routes of [staffConsoleRoutes, ...(opts.routes ?? [])]) await routes(app, ctx);
  await app.ready();
  return app;
}

/**
 * A fresh, migrated HQ database for one test file: a scratch PostgreSQL database (dropped by close),
 * or a temp SQLite file where this run was allowed to fall back to it (tests/support/postgres.ts says so loudly).
 */
export async function openScratchHqDb(): Promise<{ db: HqDb; close(): Promise<void> }> {
  if ((await hqTestEngine()) === 'postgres') {
    const scratch = await createScratchPgDatabase();
    const db = await openHqDb({ pgUrl: scratch.url });
    return { db, close: async () => { await db.close(); await scratch.drop(); } };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-hq-console-'));
  const db = await openHqDb({ sqliteFile: path.join(dir, 'hq.sqlite') });
  return { db, close: async () => { await db.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

/** A clock tests move by hand. */
export function testClock(start: string): { now: () => Date; advance(ms: number): void; set(iso: string): void } {
  let t = Date.parse(start);
  return { now: () => new Date(t), advance: (ms) => void (t += ms), set: (iso) => void (t = Date.parse(iso)) };
}
