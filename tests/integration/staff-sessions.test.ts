/**
 * Staff sign-in at a shared counter: a passer-by typing PINs at the kiosk screen must not lock the
 * cashier's screen, repeated guessing backs off exponentially, a refused PIN never says someone else
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
  it('wrong PINs at the kiosk lock only the kiosk client, with exponential backoff; the cashier keeps signing in', async () => {
    for (let i = 0; i < 4; i++) expect(codeOf(await call('kiosk-screen', 'staff.signIn', { pin: String(9000 + i) }))).toBe('PIN_INCORRECT');
    expect(codeOf(await call('kiosk-screen', 'staff.signIn', { pin: '9100' }))).toBe('STAFF_LOCKED_OUT');
    // The shift at the cashier's screen is not affected.
    expect(codeOf(await call('cashier-screen', 'staff.signIn', { pin: '0000' }))).toBe('ok');
    expect(codeOf(await call('kiosk-screen', 'staff.signIn', { pin: '0000' }))).toBe('STAFF_LOCKED_OUT');

    clock.advance(LOCKOUT_BASE_MS + 1);
    expect(codeOf(await call('kiosk-screen', 'staff.signIn', { pin: '9101' }))).toBe('STAFF_LOCKED_OUT'); // 6th failure: 60 s
    clock.advance(LOCKOUT_BASE_MS + 1);
    expect(codeOf(await call('kiosk-screen', 'staff.signIn', { pin: '0000' }))).toBe('STAFF_LOCKED_OUT'); // 30 s is not enough now
    clock.advance(LOCKOUT_BASE_MS);
    expect(codeOf(await call('kiosk-screen', 'staff.signIn', { pin: '0000' }))).toBe('ok');
    // A success resets the count.
    expect(codeOf(await call('kiosk-screen', 'staff.signIn', { pin: '9102' }))).toBe('PIN_INCORRECT');
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
    expect(codeOf(await call('mgr', 'staff.signIn', { pin: '1234' }))).toBe('ok');
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
      expect(codeOf(await post('staff.signIn', { pin: '1234' }))).toBe('ok');
      // Someone else (or the same caller) without a client id gets no session from that sign-in.
      expect(codeOf(await post('staff.list', {}))).toBe('UNAUTHORIZED');
    } finally {
      await host.close();
    }
  });
});
