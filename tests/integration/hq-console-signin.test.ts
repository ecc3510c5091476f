import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listHqAudit } from '../../edge-sync/hq/audit/hq-audit.js';
import type { HqDb } from '../../edge-sync/hq/db/hq-db.js';
import type { HqApp } from '../../edge-sync/hq/http/hq-app.js';
import { createConsoleTestApp, createStaffAndSignIn, openScratchHqDb, testClock, type ConsoleTestSession } from '../support/hq-console-session.js';

/** Sign-in, lockout with backoff per account, and what a failed sign-in reveals (issue 13). */
const clock = testClock('2026-06-02T08:00:00.000Z');
let db: HqDb;
let closeDb: () => Promise<void>;
let app: HqApp;
const logLines: string[] = [];

beforeAll(async () => {
  ({ db, close: closeDb } = await openScratchHqDb());
  // HQ's real request logging (pino at trace level) into memory, to show no password or hash reaches it.
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });
  app = await createConsoleTestApp({ db, now: clock.now, appOptions: { logger: { level: 'trace', stream } } });
});
afterAll(async () => {
  await app?.close();
  await closeDb?.();
});

const signIn = (username: string, password: string) => app.inject({ method: 'POST', url: '/console/api/session', payload: { username, password } });
/** What a client can compare between two answers: status, body without the clock, and the header names. */
const visible = (res: Awaited<ReturnType<typeof signIn>>) => ({
  status: res.statusCode,
  body: { ...res.json(), hqTime: undefined },
  headers: Object.keys(res.headers).filter((h) => !['date', 'content-length'].includes(h)).sort(),
});

describe('console sign-in and lockout (issue 13)', () => {
  let a: ConsoleTestSession;
  let b: ConsoleTestSession;
  beforeAll(async () => {
    a = await createStaffAndSignIn(app, db, { chainId: 'chain-l', role: 'chain_admin', now: clock.now, username: 'alice.admin' });
    b = await createStaffAndSignIn(app, db, { chainId: 'chain-l', role: 'operations', now: clock.now, username: 'bob.ops' });
  });

  it('locks an account after 5 failures for 1 min, doubling per further failure, and leaves other accounts alone', async () => {
    for (let i = 1; i <= 4; i++) {
      const res = await signIn('alice.admin', `wrong-password-${i}`);
      expect(res.statusCode, `failure ${i}`).toBe(401);
      expect(res.json().error.code).toBe('BAD_CREDENTIALS');
    }
    const fifth = await signIn('alice.admin', 'wrong-password-5');
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().error).toMatchObject({ code: 'LOCKED_OUT', retryAfterSeconds: 60 });
    expect(fifth.headers['retry-after']).toBe('60');

    // Locked: even the right password is refused, with the time left.
    clock.advance(15_000);
    const right = await signIn('alice.admin', a.password);
    expect(right.statusCode).toBe(423);
    expect(right.json().error.retryAfterSeconds).toBe(45);

    // Per account, not per address: bob signs in from the same address meanwhile.
    expect((await signIn('bob.ops', b.password)).statusCode).toBe(200);
    expect((await signIn('bob.ops', 'not-bobs-password')).statusCode).toBe(401);

    // Each failure after the lock doubles it: 2, 4, 8 … minutes.
    clock.advance(45_000);
    let expected = 120;
    for (let failure = 6; failure <= 8; failure++) {
      const res = await signIn('alice.admin', `wrong-again-${failure}`);
      expect(res.statusCode, `failure ${failure}`).toBe(423);
      expect(res.json().error.retryAfterSeconds, `failure ${failure}`).toBe(expected);
      clock.advance(expected * 1000);
      expected *= 2;
    }
    // The right password after the lock ends signs in and starts the count again.
    expect((await signIn('alice.admin', a.password)).statusCode).toBe(200);
    expect((await signIn('alice.admin', 'one-more-typo')).statusCode).toBe(401);
    expect((await signIn('alice.admin', a.password)).statusCode).toBe(200);

    const audit = await listHqAudit(db, { chainId: 'chain-l', staffId: a.staffId, limit: 50 });
    const lockouts = audit.filter((e) => e.action === 'session.locked_out');
    expect(lockouts.map((e) => e.detail)).toEqual([
      { failures: 8, lockedSeconds: 480 },
      { failures: 7, lockedSeconds: 240 },
      { failures: 6, lockedSeconds: 120 },
      { failures: 5, lockedSeconds: 60 },
    ]);
    expect(audit.filter((e) => e.action === 'session.signed_in').length).toBe(2);
    expect((await listHqAudit(db, { chainId: 'chain-l', staffId: b.staffId, limit: 50 })).some((e) => e.action === 'session.locked_out')).toBe(false);
  });

  it('caps the lock at one hour', async () => {
    const c = await createStaffAndSignIn(app, db, { chainId: 'chain-l', role: 'auditor', now: clock.now, username: 'carol.audit' });
    let last = 0;
    for (let failure = 1; failure <= 13; failure++) {
      const res = await signIn(c.username, 'wrong-wrong-wrong');
      last = res.statusCode === 423 ? res.json().error.retryAfterSeconds : 0;
      clock.advance(last * 1000);
    }
    expect(last).toBe(3600);
  });

  it('answers an unknown username exactly like a wrong password, lockout included', async () => {
    const known: ReturnType<typeof visible>[] = [];
    const unknown: ReturnType<typeof visible>[] = [];
    const d = await createStaffAndSignIn(app, db, { chainId: 'chain-l', role: 'operations', now: clock.now, username: 'dave.ops' });
    for (let i = 1; i <= 6; i++) {
      known.push(visible(await signIn(d.username, 'wrong-password!')));
      unknown.push(visible(await signIn('nobody.here', 'wrong-password!')));
    }
    expect(unknown).toEqual(known);
    expect(known.map((k) => k.status)).toEqual([401, 401, 401, 401, 423, 423]);
    // An account without a password yet (setup pending) and a deactivated one answer the same too.
    const pending = await createStaffAndSignIn(app, db, { chainId: 'chain-l', role: 'operations', now: clock.now, username: 'erin.pending' });
    await db.query('UPDATE hq_staff SET password_hash = NULL WHERE staff_id = $1', [pending.staffId]);
    const gone = await createStaffAndSignIn(app, db, { chainId: 'chain-l', role: 'operations', now: clock.now, username: 'frank.gone' });
    await db.query('UPDATE hq_staff SET active = $2 WHERE staff_id = $1', [gone.staffId, false]);
    const first = visible(await signIn('someone.else', 'any-password'));
    expect(visible(await signIn(pending.username, 'any-password'))).toEqual(first);
    expect(visible(await signIn(gone.username, gone.password))).toEqual(first);
    // Unknown usernames are counted by a hash of the name: no typed name is stored.
    const keys = (await db.query('SELECT username_key FROM hq_signin_failures')).map((r) => String(r.username_key));
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((k) => /^[0-9a-f]{64}$/.test(k))).toBe(true);
  });

  it('writes no password, hash, session id or CSRF token into the logs or answers', async () => {
    const g = await createStaffAndSignIn(app, db, { chainId: 'chain-l', role: 'operations', now: clock.now, username: 'grace.ops' });
    const ok = await signIn(g.username, g.password);
    expect(ok.statusCode).toBe(200);
    const sessionId = String(ok.headers['set-cookie']).split(';')[0]!.split('=')[1]!;
    await signIn(g.username, 'a-wrong-secret-guess');
    await app.inject({ method: 'GET', url: '/console/api/session', headers: { cookie: `hq_console_session=${sessionId}` } });
    const hash = String((await db.query('SELECT password_hash FROM hq_staff WHERE staff_id = $1', [g.staffId]))[0]!.password_hash);
    expect(hash).toMatch(/^scrypt\$15\$8\$1\$/);
    const logs = logLines.join('');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [g.password, 'a-wrong-secret-guess', hash, hash.split('$')[5]!, sessionId, ok.json().csrfToken]) {
      expect(logs).not.toContain(secret);
    }
    expect(ok.body).not.toContain(hash.split('$')[5]!);
  });
});
