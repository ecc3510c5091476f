import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listHqAudit, recordHqAudit } from '../../edge-sync/hq/audit/hq-audit.js';
import { openHqDb, type HqDb } from '../../edge-sync/hq/db/hq-db.js';
import type { HqApp } from '../../edge-sync/hq/http/hq-app.js';
import { createScratchPgDatabase } from '../fault/support/hq-fixture.js';
import { createConsoleTestApp, createStaffAndSignIn, openScratchHqDb, testClock, type ConsoleTestSession } from '../support/hq-console-session.js';
import { hqTestEngine } from '../support/postgres.js';

/** Staff management, one-time setup links, the audit log endpoint and the create-admin CLI (issue 13). */
const clock = testClock('2026-06-03T08:00:00.000Z');
let db: HqDb;
let closeDb: () => Promise<void>;
let app: HqApp;
let admin: ConsoleTestSession;

beforeAll(async () => {
  ({ db, close: closeDb } = await openScratchHqDb());
  app = await createConsoleTestApp({ db, now: clock.now });
  admin = await createStaffAndSignIn(app, db, { chainId: 'chain-m', role: 'chain_admin', now: clock.now, displayName: 'Admin One' });
});
afterAll(async () => {
  await app?.close();
  await closeDb?.();
});

const tokenOf = (link: string) => new URL(link).hash.replace(/^#token=/, '');
const setup = (token: string, password: string, displayName = 'New Person') =>
  app.inject({ method: 'POST', url: '/console/api/setup', payload: { token, password, displayName } });

describe('staff management and setup links (issue 13)', () => {
  it('creates a staff member with a one-time link that sets the password once, checks the password first, and expires after 24 h', async () => {
    const created = await app.inject({ method: 'POST', url: '/console/api/staff', headers: { ...admin.headers(), host: 'hq.example:5790' }, payload: { username: 'Ops.Wang', displayName: 'Ops', role: 'operations' } });
    expect(created.statusCode).toBe(200);
    const { staffId, setupLink } = created.json();
    expect(setupLink).toMatch(/^http:\/\/hq\.example:5790\/console\/setup#token=[A-Za-z0-9_-]{43}$/);
    const token = tokenOf(setupLink);
    expect((await db.query('SELECT token_hash FROM hq_setup_links WHERE staff_id = $1', [staffId]))[0]!.token_hash).not.toBe(token);

    // Refused passwords do not use the link up.
    expect((await setup(token, 'short')).json().error).toMatchObject({ code: 'VALIDATION', message: 'password: too_short' });
    expect((await setup(token, 'OPS.WANG  ')).json().error.code).toBe('VALIDATION');
    expect((await setup(token, 'ops.wang')).json().error.message).toBe('password: too_short');
    const done = await setup(token, 'a-long-enough-password', 'Wang Ops');
    expect(done.statusCode).toBe(200);
    expect(done.json().staff).toEqual({ staffId, chainId: 'chain-m', role: 'operations', displayName: 'Wang Ops' });
    expect(String(done.headers['set-cookie'])).toMatch(/^hq_console_session=/);
    // Single use.
    const again = await setup(token, 'another-long-password');
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe('SETUP_LINK_INVALID');
    // The username was stored lower-case; the new password signs in.
    const signIn = await app.inject({ method: 'POST', url: '/console/api/session', payload: { username: 'ops.wang', password: 'a-long-enough-password' } });
    expect(signIn.statusCode).toBe(200);

    const late = await app.inject({ method: 'POST', url: '/console/api/staff', headers: admin.headers(), payload: { username: 'late.one', displayName: 'Late', role: 'auditor' } });
    clock.advance(24 * 3_600_000);
    expect((await setup(tokenOf(late.json().setupLink), 'a-long-enough-password')).json().error.code).toBe('SETUP_LINK_INVALID');
    clock.advance(-24 * 3_600_000);

    const audit = await listHqAudit(db, { chainId: 'chain-m', limit: 50 });
    expect(audit.filter((e) => e.action === 'staff.created').map((e) => e.subjectId)).toContain(staffId);
    expect(audit.some((e) => e.action === 'staff.setup_completed' && e.staffId === staffId)).toBe(true);
  });

  it('refuses a taken username (409), creation by other roles (403), and lists staff for admins and auditors only', async () => {
    const dup = await app.inject({ method: 'POST', url: '/console/api/staff', headers: admin.headers(), payload: { username: 'ops.wang', displayName: 'x', role: 'auditor' } });
    expect(dup.statusCode).toBe(409);
    const ops = await createStaffAndSignIn(app, db, { chainId: 'chain-m', role: 'operations', now: clock.now });
    const auditor = await createStaffAndSignIn(app, db, { chainId: 'chain-m', role: 'auditor', now: clock.now });
    for (const s of [ops, auditor]) {
      const res = await app.inject({ method: 'POST', url: '/console/api/staff', headers: s.headers(), payload: { username: 'sneaky', displayName: 'x', role: 'chain_admin' } });
      expect(res.json().error.code).toBe('ROLE_FORBIDDEN');
    }
    expect((await app.inject({ method: 'GET', url: '/console/api/staff', headers: ops.headers() })).json().error.code).toBe('ROLE_FORBIDDEN');
    await createStaffAndSignIn(app, db, { chainId: 'chain-other', role: 'chain_admin', now: clock.now, username: 'other.admin' });
    const list = await app.inject({ method: 'GET', url: '/console/api/staff', headers: auditor.headers() });
    expect(list.statusCode).toBe(200);
    const names = list.json().staff.map((s: { username: string }) => s.username);
    expect(names).toContain('ops.wang');
    expect(list.body).not.toMatch(/scrypt|password/i);
    // Another chain's staff are not listed.
    expect(names).not.toContain('other.admin');
  });

  it('changes role and active; the last active chain admin cannot be demoted or deactivated; deactivation ends sessions', async () => {
    const patch = (s: ConsoleTestSession, staffId: string, body: object) => app.inject({ method: 'PATCH', url: `/console/api/staff/${staffId}`, headers: s.headers(), payload: body });
    const chain = 'chain-p';
    const first = await createStaffAndSignIn(app, db, { chainId: chain, role: 'chain_admin', now: clock.now });
    const ops = await createStaffAndSignIn(app, db, { chainId: chain, role: 'operations', now: clock.now });
    expect((await patch(first, first.staffId, { role: 'auditor' })).statusCode).toBe(409);
    expect((await patch(first, first.staffId, { active: false })).json().error.code).toBe('CONFLICT');
    expect((await patch(first, ops.staffId, { role: 'chain_admin' })).statusCode).toBe(200);
    // Now two admins: one may step down.
    expect((await patch(first, first.staffId, { role: 'operations' })).statusCode).toBe(200);
    expect((await patch(first, ops.staffId, { role: 'auditor' })).json().error.code).toBe('ROLE_FORBIDDEN');
    expect((await patch(ops, ops.staffId, { active: false })).statusCode).toBe(409);
    // Deactivating signs the member out at once.
    expect((await patch(ops, first.staffId, { active: false })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/console/api/session', headers: first.headers() })).statusCode).toBe(401);
    // Another chain's staff member is not found, not forbidden.
    expect((await patch(ops, admin.staffId, { role: 'auditor' })).statusCode).toBe(404);
    const audit = await listHqAudit(db, { chainId: chain, action: 'staff.updated', limit: 10 });
    expect(audit.length).toBe(3);
    expect(audit[0]!.detail).toMatchObject({ fromActive: true, active: false });
  });
});

describe('audit log endpoint (issue 13)', () => {
  it('pages the chain audit log for auditors and admins, names the staff, and audits the reading itself', async () => {
    const auditor = await createStaffAndSignIn(app, db, { chainId: 'chain-m', role: 'auditor', now: clock.now, displayName: 'Auditor Zhao' });
    const ops = await createStaffAndSignIn(app, db, { chainId: 'chain-m', role: 'operations', now: clock.now });
    expect((await app.inject({ method: 'GET', url: '/console/api/audit', headers: ops.headers() })).json().error.code).toBe('ROLE_FORBIDDEN');

    const page1 = await app.inject({ method: 'GET', url: '/console/api/audit?limit=2', headers: auditor.headers() });
    expect(page1.statusCode).toBe(200);
    const body1 = page1.json();
    expect(body1.entries.length).toBe(2);
    expect(body1.nextCursor).toBe(String(body1.entries[1].auditId));
    expect(body1.entries.every((e: { chainId: string }) => e.chainId === 'chain-m')).toBe(true);
    const page2 = (await app.inject({ method: 'GET', url: `/console/api/audit?limit=2&cursor=${body1.nextCursor}`, headers: auditor.headers() })).json();
    expect(page2.entries[0].auditId).toBeLessThan(body1.entries[1].auditId);

    const reads = (await app.inject({ method: 'GET', url: `/console/api/audit?action=audit_log.read&staffId=${auditor.staffId}`, headers: admin.headers() })).json();
    expect(reads.entries.length).toBe(2);
    expect(reads.entries[0]).toMatchObject({ action: 'audit_log.read', staffName: 'Auditor Zhao', subjectType: 'audit_log' });
    const created = (await app.inject({ method: 'GET', url: '/console/api/audit?action=staff.created', headers: admin.headers() })).json();
    expect(created.entries[0].staffName).toBe('Admin One');
    // The staff member an entry is about is named too (the staff table's display name, as it is now).
    const names = new Map((await db.query<{ staff_id: string; display_name: string }>("SELECT staff_id, display_name FROM hq_staff WHERE chain_id = 'chain-m'")).map((r) => [r.staff_id, r.display_name]));
    expect(created.entries.length).toBeGreaterThan(0);
    for (const e of created.entries as Array<{ subjectId: string; subjectName: string | null }>) expect(e.subjectName).toBe(names.get(e.subjectId));
    // A session's subject is the staff member it belongs to (as staff-signin.ts writes it).
    await recordHqAudit(db, { chainId: 'chain-m', staffId: auditor.staffId, action: 'session.signed_in', subjectType: 'session', subjectId: auditor.staffId }, clock.now());
    const signedIn = (await app.inject({ method: 'GET', url: `/console/api/audit?action=session.signed_in&subjectId=${auditor.staffId}`, headers: admin.headers() })).json();
    expect(signedIn.entries.map((e: { subjectName: string | null }) => e.subjectName)).toEqual(['Auditor Zhao']);

    // An entry a device wrote at a store: no staff member, the store by name; a store of another chain is not named.
    await db.query("INSERT INTO chains (chain_id, name, created_at) VALUES ('chain-x', 'chain-x', $1) ON CONFLICT (chain_id) DO NOTHING", [clock.now().toISOString()]);
    await db.query("INSERT INTO stores (store_id, chain_id, name, created_at) VALUES ('m-store', 'chain-m', '静安寺店', $1), ('x-store', 'chain-x', '别家店', $1) ON CONFLICT (store_id) DO NOTHING", [clock.now().toISOString()]);
    await recordHqAudit(db, { chainId: 'chain-m', staffId: null, action: 'member.looked_up', subjectType: 'member', subjectId: 'mem-1', storeId: 'm-store', detail: { by: 'phone', found: true } }, clock.now());
    await recordHqAudit(db, { chainId: 'chain-m', staffId: null, action: 'member.looked_up', subjectType: 'member', subjectId: 'mem-2', storeId: 'x-store', detail: { by: 'phone', found: false } }, clock.now());
    const lookups = (await app.inject({ method: 'GET', url: '/console/api/audit?action=member.looked_up', headers: auditor.headers() })).json();
    expect(lookups.entries.map((e: { subjectId: string; staffName: string | null; storeId: string; storeName: string | null }) => [e.subjectId, e.staffName, e.storeId, e.storeName])).toEqual([
      ['mem-2', null, 'x-store', null],
      ['mem-1', null, 'm-store', '静安寺店'],
    ]);
  });
});

describe('npm run hq -- create-admin (issue 13)', () => {
  // Two CLI processes (tsx start-up) on a loaded machine: a generous limit, not a speed target.
  it('prints a one-time setup link that signs the first admin in', { timeout: 180_000 }, async () => {
    // The CLI and this test share the database: a scratch PostgreSQL one (a SQLite file where this run fell back).
    const onPg = (await hqTestEngine()) === 'postgres';
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-hq-cli-'));
    const scratch = onPg ? await createScratchPgDatabase() : null;
    const target: { pgUrl: string } | { sqliteFile: string } = scratch ? { pgUrl: scratch.url } : { sqliteFile: path.join(dir, 'hq.sqlite') };
    const cliDb = await openHqDb(target);
    try {
      const root = path.resolve(import.meta.dirname, '../..');
      const tsx = path.join(root, 'node_modules/.bin/tsx');
      const dbArgs = 'pgUrl' in target ? ['--pg', target.pgUrl] : ['--sqlite', target.sqliteFile];
      const run = (args: string[]) => promisify(execFile)(tsx, ['scripts/hq.ts', ...args, ...dbArgs], { cwd: root });
      const { stdout } = await run(['create-admin', '--chain', 'chain-new', '--username', 'First.Admin', '--base-url', 'https://hq.example']);
      const link = /https:\/\/hq\.example\/console\/setup#token=[A-Za-z0-9_-]{43}/.exec(stdout)?.[0];
      expect(link, stdout).toBeDefined();
      await expect(run(['create-admin', '--chain', 'chain-new', '--username', 'first.admin'])).rejects.toMatchObject({ stderr: expect.stringMatching(/taken/) });

      const cliApp = await createConsoleTestApp({ db: cliDb, now: () => new Date() });
      const res = await cliApp.inject({ method: 'POST', url: '/console/api/setup', payload: { token: tokenOf(link!), password: 'first-admin-password', displayName: 'First Admin' } });
      expect(res.statusCode).toBe(200);
      expect(res.json().staff).toMatchObject({ chainId: 'chain-new', role: 'chain_admin', displayName: 'First Admin' });
      expect((await cliApp.inject({ method: 'POST', url: '/console/api/setup', payload: { token: tokenOf(link!), password: 'first-admin-password', displayName: 'X' } })).statusCode).toBe(400);
      await cliApp.close();
    } finally {
      await cliDb.close();
      await scratch?.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
