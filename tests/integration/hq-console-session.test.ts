import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HqDb } from '../../edge-sync/hq/db/hq-db.js';
import type { HqApp } from '../../edge-sync/hq/http/hq-app.js';
import { listHqAudit } from '../../edge-sync/hq/audit/hq-audit.js';
import { createConsoleTestApp, createStaffAndSignIn, openScratchHqDb, testClock } from '../support/hq-console-session.js';

/** Sessions and the console guard (issue 13) on a real HQ database, through app.inject. */
const clock = testClock('2026-06-01T08:00:00.000Z');
let db: HqDb;
let closeDb: () => Promise<void>;
let app: HqApp;

beforeAll(async () => {
  ({ db, close: closeDb } = await openScratchHqDb());
  app = await createConsoleTestApp({
    db,
    now: clock.now,
    routes: [
      // A stand-in for other modules' routes: one read for any role, one write for chain admins only.
      (a, ctx) => {
        a.get('/console/api/probe', { preHandler: ctx.guard.require() }, async (req) => ({ role: req.consoleStaff!.role }));
        a.post('/console/api/probe', { preHandler: ctx.guard.require('chain_admin') }, async () => ({ ok: true }));
      },
    ],
  });
});
afterAll(async () => {
  await app?.close();
  await closeDb?.();
});

const cookieOf = (setCookie: string | string[] | undefined): string => String(Array.isArray(setCookie) ? setCookie[0] : setCookie).split(';')[0]!;

describe('console sessions (issue 13)', () => {
  it('signs in with the right password: an HttpOnly, SameSite=Strict, Secure cookie on /console, and the session answers GET /session', async () => {
    const s = await createStaffAndSignIn(app, db, { chainId: 'chain-s', role: 'operations', now: clock.now });
    const res = await app.inject({ method: 'POST', url: '/console/api/session', headers: { host: '127.0.0.1:5790' }, payload: { username: s.username, password: s.password } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.staff).toEqual({ staffId: s.staffId, chainId: 'chain-s', role: 'operations', displayName: 'Test operations' });
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^hq_console_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\/console/);
    expect(setCookie).toMatch(/Secure/);
    // The answer never carries the password or its hash.
    expect(res.body).not.toContain(s.password);
    expect(res.body).not.toContain('scrypt$');

    const cookie = cookieOf(res.headers['set-cookie']);
    const me = await app.inject({ method: 'GET', url: '/console/api/session', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({ staff: body.staff, csrfToken: body.csrfToken });
    // Only the hash of the session id is stored.
    const stored = await db.query('SELECT session_hash FROM hq_sessions');
    expect(stored.map((r) => r.session_hash)).not.toContain(cookie.split('=')[1]);
  });

  it('leaves Secure off only for plain HTTP on a non-loopback address (a lab)', async () => {
    const s = await createStaffAndSignIn(app, db, { chainId: 'chain-s', role: 'auditor', now: clock.now });
    const res = await app.inject({ method: 'POST', url: '/console/api/session', headers: { host: '10.0.0.5:5790' }, payload: { username: s.username, password: s.password } });
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['set-cookie'])).not.toMatch(/Secure/);
  });

  it('refuses without a session (401 SIGNED_OUT), with a forged cookie, and after sign-out', async () => {
    const none = await app.inject({ method: 'GET', url: '/console/api/probe' });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('SIGNED_OUT');
    const forged = await app.inject({ method: 'GET', url: '/console/api/probe', headers: { cookie: 'hq_console_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } });
    expect(forged.statusCode).toBe(401);

    const s = await createStaffAndSignIn(app, db, { chainId: 'chain-s', role: 'operations', now: clock.now });
    expect((await app.inject({ method: 'GET', url: '/console/api/probe', headers: s.headers() })).json()).toEqual({ role: 'operations' });
    const out = await app.inject({ method: 'DELETE', url: '/console/api/session', headers: s.headers() });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/Max-Age=0/);
    expect((await app.inject({ method: 'GET', url: '/console/api/probe', headers: s.headers() })).statusCode).toBe(401);
    expect((await db.query('SELECT COUNT(*) AS n FROM hq_sessions WHERE staff_id = $1', [s.staffId]))[0]!.n).toBe(0);
    const audit = await listHqAudit(db, { chainId: 'chain-s', staffId: s.staffId, limit: 10 });
    expect(audit.map((e) => e.action)).toContain('session.signed_out');
  });

  it('needs the CSRF token for unsafe methods and refuses cross-site requests even with it', async () => {
    const admin = await createStaffAndSignIn(app, db, { chainId: 'chain-s', role: 'chain_admin', now: clock.now });
    const without = await app.inject({ method: 'POST', url: '/console/api/probe', headers: { cookie: admin.cookie } });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('CSRF_REJECTED');
    // One character changed (never to itself: a token ending in 'A' made this the right token once in 64 runs).
    const wrongToken = `${admin.csrfToken.slice(0, -1)}${admin.csrfToken.endsWith('A') ? 'B' : 'A'}`;
    expect(wrongToken).not.toBe(admin.csrfToken);
    const wrong = await app.inject({ method: 'POST', url: '/console/api/probe', headers: { cookie: admin.cookie, 'x-csrf-token': wrongToken } });
    expect(wrong.json().error.code).toBe('CSRF_REJECTED');
    const other = await createStaffAndSignIn(app, db, { chainId: 'chain-s', role: 'chain_admin', now: clock.now });
    const othersToken = await app.inject({ method: 'POST', url: '/console/api/probe', headers: { cookie: admin.cookie, 'x-csrf-token': other.csrfToken } });
    expect(othersToken.json().error.code).toBe('CSRF_REJECTED');

    const crossSite = await app.inject({ method: 'POST', url: '/console/api/probe', headers: { ...admin.headers(), 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.json().error.code).toBe('CSRF_REJECTED');
    const foreignOrigin = await app.inject({ method: 'POST', url: '/console/api/probe', headers: { ...admin.headers(), host: 'hq.example:5790', origin: 'https://evil.example' } });
    expect(foreignOrigin.json().error.code).toBe('CSRF_REJECTED');
    const crossSiteSignIn = await app.inject({ method: 'POST', url: '/console/api/session', headers: { 'sec-fetch-site': 'same-site' }, payload: { username: admin.username, password: admin.password } });
    expect(crossSiteSignIn.json().error.code).toBe('CSRF_REJECTED');

    const ok = await app.inject({ method: 'POST', url: '/console/api/probe', headers: { ...admin.headers(), host: 'hq.example:5790', origin: 'https://hq.example:5790', 'sec-fetch-site': 'same-origin' } });
    expect(ok.statusCode).toBe(200);
    // Safe methods need no token.
    expect((await app.inject({ method: 'GET', url: '/console/api/probe', headers: { cookie: admin.cookie } })).statusCode).toBe(200);
  });

  it('refuses a role the route does not list (403 ROLE_FORBIDDEN), and applies a role change at once', async () => {
    const admin = await createStaffAndSignIn(app, db, { chainId: 'chain-r', role: 'chain_admin', now: clock.now });
    await createStaffAndSignIn(app, db, { chainId: 'chain-r', role: 'chain_admin', now: clock.now });
    for (const role of ['operations', 'auditor'] as const) {
      const s = await createStaffAndSignIn(app, db, { chainId: 'chain-r', role, now: clock.now });
      const res = await app.inject({ method: 'POST', url: '/console/api/probe', headers: s.headers() });
      expect(res.statusCode, role).toBe(403);
      expect(res.json().error.code, role).toBe('ROLE_FORBIDDEN');
    }
    expect((await app.inject({ method: 'POST', url: '/console/api/probe', headers: admin.headers() })).statusCode).toBe(200);
    await db.query("UPDATE hq_staff SET role = 'auditor' WHERE staff_id = $1", [admin.staffId]);
    expect((await app.inject({ method: 'POST', url: '/console/api/probe', headers: admin.headers() })).json().error.code).toBe('ROLE_FORBIDDEN');
  });

  it('ends a session after 30 idle minutes, and after 12 hours however busy', async () => {
    const idle = await createStaffAndSignIn(app, db, { chainId: 'chain-t', role: 'operations', now: clock.now });
    const busy = await createStaffAndSignIn(app, db, { chainId: 'chain-t', role: 'operations', now: clock.now });
    clock.advance(29 * 60_000);
    expect((await app.inject({ method: 'GET', url: '/console/api/probe', headers: busy.headers() })).statusCode).toBe(200);
    clock.advance(60_000);
    expect((await app.inject({ method: 'GET', url: '/console/api/probe', headers: idle.headers() })).statusCode).toBe(401);
    // busy keeps making requests every 20 minutes until the 12-hour limit.
    for (let elapsed = 30; elapsed + 20 < 12 * 60; elapsed += 20) {
      clock.advance(20 * 60_000);
      expect((await app.inject({ method: 'GET', url: '/console/api/probe', headers: busy.headers() })).statusCode, `at ${elapsed + 20} min`).toBe(200);
    }
    clock.set('2026-06-01T20:00:00.000Z');
    expect((await app.inject({ method: 'GET', url: '/console/api/probe', headers: busy.headers() })).statusCode).toBe(401);
  });
});
