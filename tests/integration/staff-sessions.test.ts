/**
 * Staff sign-in at a shared counter names the account: a passer-by guessing PINs for one name locks
 * only that account (from every client), never the rest of the shift; repeated guessing backs off
 * exponentially; a wrong PIN says nothing about other accounts; a refused PIN never says someone else
 * has it, and a caller without its own client id never shares a staff session with another.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../electron/core/clock.js';
import { createMemoryLogger } from '../../electron/core/logger.js';
import { startHttpHost, type HttpHost } from '../../electron/host/http-host.js';
import { startServices, type RunningServices } from '../../electron/services/start-services.js';
import { LOCKOUT_BASE_MS, lockoutMsAfter } from '../../electron/services/staff/staff-service.js';

const clock = fixedClock('2026-11-22T02:00:00Z');
let dataDir: string;
let services: RunningServices;
const call = (clientId: string, method: string, args: unknown = {}) => services.dispatcher.invoke(method, args, { clientId, transport: 'in-process' });
const codeOf = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'staff-sessions-'));
  services = await startServices({ dataDir, transport: 'in-process', demo: true, log: createMemoryLogger(), clock });
}, 120_000);
afterAll(async () => {
  await services?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('staff sessions and lockout', () => {
  const roster = async () => {
    const r = await call('anyone', 'staff.roster');
    if (!r.ok) throw new Error('roster');
    return r.value as Array<{ staffId: string; displayName: string; role: string }>;
  };
  const idOf = async (role: string) => (await roster()).find((e) => e.role === role)!.staffId;
  const signIn = async (client: string, staffId: string, pin: string) => codeOf(await call(client, 'staff.signIn', { staffId, pin }));

  it('the roster names active accounts only, with nothing but name and role', async () => {
    const entries = await roster();
    expect(entries.map((e) => e.role).sort()).toEqual(['cashier', 'manager']);
    for (const e of entries) expect(Object.keys(e).sort()).toEqual(['displayName', 'role', 'staffId']);
  });

  it('wrong PINs lock the named account, from any client, with exponential backoff; other staff keep signing in', async () => {
    const manager = await idOf('manager');
    const cashier = await idOf('cashier');
    // A passer-by at the kiosk picks the manager's tile and guesses, including the cashier's PIN.
    for (const pin of ['9000', '9001', '0000', '9003']) expect(await signIn('kiosk-screen', manager, pin)).toBe('PIN_INCORRECT');
    expect(await signIn('kiosk-screen', manager, '9100')).toBe('STAFF_LOCKED_OUT');
    // The lock is the account's, wherever the manager tries next, even with the right PIN.
    expect(await signIn('cashier-screen', manager, '1234')).toBe('STAFF_LOCKED_OUT');
    // The rest of the shift signs in, at the kiosk too.
    expect(await signIn('cashier-screen', cashier, '0000')).toBe('ok');
    expect(await signIn('kiosk-screen', cashier, '0000')).toBe('ok');

    clock.advance(LOCKOUT_BASE_MS + 1);
    expect(await signIn('kiosk-screen', manager, '9101')).toBe('STAFF_LOCKED_OUT'); // 6th failure: 60 s
    clock.advance(LOCKOUT_BASE_MS + 1);
    expect(await signIn('manager-office', manager, '1234')).toBe('STAFF_LOCKED_OUT'); // 30 s is not enough now
    clock.advance(LOCKOUT_BASE_MS);
    expect(await signIn('manager-office', manager, '1234')).toBe('ok');
    // A success resets the count.
    const wrong = await call('manager-office', 'staff.signIn', { staffId: manager, pin: '9102' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'PIN_INCORRECT', details: { attemptsLeft: 4 } } });
  });

  it("a wrong PIN answers the same whether or not it is another account's PIN", async () => {
    const cashier = await idOf('cashier');
    const manager = await idOf('manager');
    clock.advance(16 * 60_000);
    expect(await signIn('x', manager, '1234')).toBe('ok'); // clears any count left by earlier tests
    const othersPin = await call('probe', 'staff.signIn', { staffId: cashier, pin: '1234' });
    const nobodysPin = await call('probe', 'staff.signIn', { staffId: cashier, pin: '5678' });
    const strip = (r: unknown) => JSON.stringify(r).replace(/"attemptsLeft":\d+/, '');
    expect(othersPin).toMatchObject({ ok: false, error: { code: 'PIN_INCORRECT' } });
    expect(strip(othersPin)).toBe(strip(nobodysPin));
    expect(JSON.stringify(othersPin)).not.toMatch(/李静|manager|店长/);
    expect(await signIn('probe', cashier, '0000')).toBe('ok');
  });

  it('a deactivated account fails like a wrong PIN and leaves the roster; an unknown account is refused', async () => {
    const manager = await idOf('manager');
    expect(await signIn('mgr', manager, '1234')).toBe('ok');
    const created = await call('mgr', 'staff.create', { name: '临时工', role: 'cashier', pin: '4321' });
    if (!created.ok) throw new Error('create');
    const temp = (created.value as { staffId: string }).staffId;
    expect(await signIn('temp', temp, '4321')).toBe('ok');
    expect(codeOf(await call('mgr', 'staff.update', { staffId: temp, active: false }))).toBe('ok');
    expect(await signIn('temp', temp, '4321')).toBe('PIN_INCORRECT');
    expect((await roster()).map((e) => e.staffId)).not.toContain(temp);
    expect(await signIn('temp', 'no-such-staff', '4321')).toBe('STAFF_NOT_FOUND');
  });

  it('keeps the PIN lookup key in a 0600 key file, not in the database', () => {
    const keyFile = path.join(dataDir, 'keys', 'staff-pin-lookup.key');
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = Buffer.from(fs.readFileSync(keyFile, 'utf8').trim(), 'base64');
    expect(key.length).toBe(32);
    services.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(fs.readFileSync(path.join(dataDir, 'store.sqlite')).includes(key)).toBe(false);
  });

  it('backs off by doubling, capped', () => {
    expect([4, 5, 6, 7, 8].map(lockoutMsAfter)).toEqual([0, LOCKOUT_BASE_MS, 2 * LOCKOUT_BASE_MS, 4 * LOCKOUT_BASE_MS, 8 * LOCKOUT_BASE_MS]);
    expect(lockoutMsAfter(1000)).toBe(15 * 60_000);
  });

  it('a PIN already in use is refused with the same answer as any refused PIN, naming nobody', async () => {
    expect(await signIn('mgr', await idOf('manager'), '1234')).toBe('ok');
    const taken = await call('mgr', 'staff.create', { name: '新人', role: 'cashier', pin: '0000' });
    expect(taken).toMatchObject({ ok: false, error: { code: 'PIN_NOT_ALLOWED' } });
    expect(JSON.stringify(taken)).not.toMatch(/小周|收银|cashier|in use|already/i);
  });

  it('HTTP callers without a client id never share a staff session', async () => {
    const host: HttpHost = await startHttpHost({ services, port: 0, rendererDir: dataDir });
    try {
      const post = (method: string, args: unknown) =>
        fetch(`${host.url}api/call/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-kiosk-token': host.token },
          body: JSON.stringify(args),
        }).then((r) => r.json() as Promise<{ ok: boolean; error?: { code: string } }>);
      expect(codeOf(await post('staff.signIn', { staffId: await idOf('manager'), pin: '1234' }))).toBe('ok');
      // Someone else (or the same caller) without a client id gets no session from that sign-in.
      expect(codeOf(await post('staff.list', {}))).toBe('UNAUTHORIZED');
    } finally {
      await host.close();
    }
  });
});
