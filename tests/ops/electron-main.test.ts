/**
 * The main process's lifecycle with `electron` mocked: single-instance lock, start-up into the
 * userData folder with a utility-process worker, the window on app://, the staff-exit chord
 * reaching the renderer, a clear dialog for a fatal start-up error, and a clean quit.
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KioskClient } from '../../electron/contract/client.js';
import { APP_START_URL } from '../../electron/main/app-origin.js';
import { sharedFakeElectron } from './fake-electron.js';
import { runPreload } from './load-preload.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).sharedFakeElectron().module);

const fake = sharedFakeElectron();
const app = fake.module.app;
let userData: string;

function fakeUtilityProcess() {
  const forks: string[] = [];
  fake.module.utilityProcess.fork = ((modulePath: string) => {
    forks.push(modulePath);
    const child = Object.assign(new EventEmitter(), {
      postMessage(m: { type: string; id: number; method: string; payload: unknown }) {
        // Like the real worker: a shutdown request ends the process once its work is done.
        if (m.type === 'shutdown') queueMicrotask(() => child.emit('exit', 0));
        else queueMicrotask(() => child.emit('message', { type: 'response', id: m.id, ok: true, value: {} }));
      },
      kill: () => true,
    });
    queueMicrotask(() => child.emit('message', { type: 'ready' }));
    return child;
  }) as never;
  return forks;
}

beforeEach(() => {
  userData = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-main-'));
  app.removeAllListeners();
  app.ready = null;
  app.quitCalls = 0;
  app.exitCode = null;
  app.userData = userData;
  fake.handlers.clear();
  fake.module.dialog.errors.length = 0;
  delete process.env.KIOSK_DATA_DIR;
  vi.resetModules();
});
afterEach(() => {
  fs.rmSync(userData, { recursive: true, force: true });
});

describe('electron main', () => {
  it('a second instance quits before touching the database', async () => {
    app.hasLock = false;
    const windows = fake.windows.length;
    await import('../../electron/main/main.js');
    expect(app.quitCalls).toBe(1);
    expect(fake.windows.length).toBe(windows);
    expect(fs.existsSync(path.join(userData, 'store.sqlite'))).toBe(false);
    app.hasLock = true;
  });

  it('boots into userData with a utility-process worker, serves the contract over IPC, and quits cleanly', async () => {
    const forks = fakeUtilityProcess();
    const windows = fake.windows.length;
    await import('../../electron/main/main.js');
    expect(fake.windows.length).toBe(windows); // nothing before 'ready'
    app.readyResolve!();
    await vi.waitFor(() => expect(fake.windows.length).toBe(windows + 1));
    const win = fake.windows[windows]!;
    expect(win.loadedUrl).toBe(APP_START_URL);
    expect(String((win.options.webPreferences as { preload: string }).preload)).toMatch(/build[\\/]preload[\\/]preload\.cjs$/);
    expect(forks[0]).toMatch(/kiosk-worker\.(js|ts)$/);
    expect(fs.existsSync(path.join(userData, 'store.sqlite'))).toBe(true);
    expect(fs.readFileSync(path.join(userData, 'logs', 'kiosk.log'), 'utf8')).toContain('services.started');

    const { client } = await runPreload(fake.createRenderer(win.webContents));
    const info = await (client as KioskClient).invoke('system.getInfo', {});
    expect(info).toMatchObject({ ok: true, value: { transport: 'electron' } });
    await vi.waitFor(async () => expect(await client.invoke('system.getWorkerStatus', {})).toMatchObject({ ok: true, value: { state: 'ready' } }));

    // The hidden chord reaches the renderer as an event; leaving needs a manager session.
    const asked: unknown[] = [];
    client.on('ops.exitRequested', (p) => asked.push(p));
    win.webContents.fire('before-input-event', { type: 'keyDown', key: 'k', control: true, alt: true, shift: true, meta: false });
    expect(asked).toHaveLength(1);
    expect(await client.invoke('ops.exitKiosk', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(app.quitCalls).toBe(0);

    // The PIN prompt's path: a cashier's PIN is not enough, the manager's PIN opens the exit.
    const boss = await client.invoke('staff.bootstrapManager', { name: '店长', pin: '2468' });
    if (!boss.ok) throw new Error(boss.error.code);
    expect(await client.invoke('staff.signIn', { staffId: boss.value.staffId, pin: '2468' })).toMatchObject({ ok: true, value: { role: 'manager' } });
    const till = await client.invoke('staff.create', { name: '收银员', role: 'cashier', pin: '1357' });
    if (!till.ok) throw new Error(till.error.code);
    expect(await client.invoke('staff.signIn', { staffId: till.value.staffId, pin: '1357' })).toMatchObject({ ok: true, value: { role: 'cashier' } });
    expect(await client.invoke('ops.exitKiosk', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(app.quitCalls).toBe(0);
    expect(await client.invoke('staff.signIn', { staffId: boss.value.staffId, pin: '2468' })).toMatchObject({ ok: true, value: { role: 'manager' } });
    expect(await client.invoke('ops.exitKiosk', {})).toEqual({ ok: true, value: { exiting: true } });
    // The staff exit quits; will-quit is held until the services have closed, then quit goes through.
    await vi.waitFor(() => expect(app.quitCalls).toBe(2));
    expect(fs.existsSync(path.join(userData, 'store.sqlite-wal'))).toBe(false);
  });

  it('an OS-initiated quit also closes the services first', async () => {
    fakeUtilityProcess();
    const windows = fake.windows.length;
    await import('../../electron/main/main.js');
    app.readyResolve!();
    await vi.waitFor(() => expect(fake.windows.length).toBe(windows + 1));

    app.quit();
    // will-quit is held until the services have closed, then quit goes through.
    await vi.waitFor(() => expect(app.quitCalls).toBe(2));
    expect(fs.existsSync(path.join(userData, 'store.sqlite-wal'))).toBe(false);
  });

  it('two displays: one process, the cashier console on the main display and the customer display on the other', async () => {
    fakeUtilityProcess();
    fake.module.screen.displays.push({ id: 2, bounds: { x: 1280, y: 0, width: 1024, height: 768 } });
    try {
      const windows = fake.windows.length;
      await import('../../electron/main/main.js');
      app.readyResolve!();
      await vi.waitFor(() => expect(fake.windows.length).toBe(windows + 2));
      const [cashier, customer] = fake.windows.slice(windows);
      expect(cashier!.loadedUrl).toBe(`${APP_START_URL}#/cashier`);
      expect(customer!.loadedUrl).toBe(`${APP_START_URL}?mode=kiosk#/kiosk`);
      expect(customer!.options).toMatchObject({ x: 1280, y: 0, width: 1024, height: 768 });
      expect(cashier!.options).toMatchObject({ x: 0, y: 0, width: 1280, height: 800 });
      // Both windows talk to the same services over IPC.
      const { client } = await runPreload(fake.createRenderer(customer!.webContents));
      expect(await (client as KioskClient).invoke('system.getInfo', {})).toMatchObject({ ok: true, value: { transport: 'electron' } });
      // The in-app doctor (staff) sees the same displays.
      const boss = await (client as KioskClient).invoke('staff.bootstrapManager', { name: '店长', pin: '2468' });
      if (!boss.ok) throw new Error(boss.error.code);
      expect(await (client as KioskClient).invoke('staff.signIn', { staffId: boss.value.staffId, pin: '2468' })).toMatchObject({ ok: true });
      const doctor = await (client as KioskClient).invoke('ops.runDoctor', {});
      const screens = doctor.ok ? doctor.value.checks.find((c) => c.id === 'screens') : undefined;
      expect(screens).toMatchObject({ status: 'ok', summary: expect.stringContaining('Two screens: cashier console on display 1, customer display on 2') });
      app.quit();
      await vi.waitFor(() => expect(app.quitCalls).toBe(2));
    } finally {
      fake.module.screen.displays.length = 1;
    }
  });

  it('a fatal start-up error is shown in a dialog, not as a stack trace', async () => {
    fakeUtilityProcess();
    fs.writeFileSync(path.join(userData, 'config.json'), JSON.stringify({ server: { port: 'eighty' } }));
    await import('../../electron/main/main.js');
    app.readyResolve!();
    await vi.waitFor(() => expect(app.exitCode).toBe(1));
    expect(fake.module.dialog.errors[0]?.message).toMatch(/CONFIG_INVALID[\s\S]*server\.port/);
  });
});

describe('electron main --doctor', () => {
  it('prints the report, writes it to userData, exits with the verdict, and takes no instance lock', async () => {
    const argv = process.argv;
    process.argv = [...argv, '--doctor', '--json'];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      app.hasLock = false; // a running kiosk holds the lock: the doctor must still run
      await import('../../electron/main/main.js');
      await vi.waitFor(() => expect(app.exitCode).not.toBeNull());
      expect(app.quitCalls).toBe(0);
      const report = JSON.parse(fs.readFileSync(path.join(userData, 'doctor-report.json'), 'utf8')) as { checks: Array<{ id: string; status: string }> };
      expect(report.checks.find((c) => c.id === 'camera')?.status).toBe('skip');
      expect(report.checks.find((c) => c.id === 'database')?.status).toBe('fail'); // no database yet in this fresh folder
      expect(app.exitCode).toBe(1);
      expect(write.mock.calls.map((c) => String(c[0])).join('')).toContain('"checks"');
    } finally {
      write.mockRestore();
      process.argv = argv;
      app.hasLock = true;
    }
  });
});
