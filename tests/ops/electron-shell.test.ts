/**
 * The Electron shell with `electron` mocked: window hardening, navigation and window-open denial,
 * kiosk lockdown, crash reload, camera-only permissions, the app:// protocol's confinement and
 * CSP, the utility-process worker, the safeStorage key and autostart.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../../electron/core/config.js';
import { createMemoryLogger } from '../../electron/core/logger.js';
import { APP_START_URL, isAppUrl } from '../../electron/main/app-origin.js';
import { CONTENT_SECURITY_POLICY, resolveAppFile, serveAppRequest } from '../../electron/main/app-protocol.js';
import { autostartDesktopEntry } from '../../electron/main/autostart.js';
import { createSafeStorageKeyProvider, PLAIN_TEMPLATE_KEY_FILE, TEMPLATE_KEY_FILE } from '../../electron/main/safe-storage-key.js';
import { utilityProcessSpawner } from '../../electron/main/utility-worker.js';
import { createKioskWindow, isBlockedShortcut, isStaffExitChord, kioskWindowOptions, lockDownSession } from '../../electron/main/window.js';
import { createWorkerHost } from '../../electron/workers/worker-host.js';
import { sharedFakeElectron } from './fake-electron.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).sharedFakeElectron().module);

const fake = sharedFakeElectron();
const kiosk = defaultConfig().kiosk;
const tmpDirs: string[] = [];
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-shell-'));
  tmpDirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of tmpDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  vi.useRealTimers();
});

function keyDown(key: string, mods: Partial<Record<'control' | 'alt' | 'shift' | 'meta', boolean>> = {}) {
  return { type: 'keyDown', key, control: false, alt: false, shift: false, meta: false, ...mods };
}

describe('window options', () => {
  it('every kiosk window is sandboxed, isolated, without Node, with web security', () => {
    for (const isProduction of [true, false]) {
      const prefs = kioskWindowOptions({ kiosk, isProduction, preloadPath: '/x/preload.cjs' }).webPreferences!;
      expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false, preload: '/x/preload.cjs' });
    }
  });

  it('production: kiosk full screen, no dev tools unless IT turned them on', () => {
    const prod = kioskWindowOptions({ kiosk, isProduction: true, preloadPath: 'p' });
    expect(prod).toMatchObject({ kiosk: true, fullscreen: true, autoHideMenuBar: true });
    expect(prod.webPreferences!.devTools).toBe(false);
    expect(kioskWindowOptions({ kiosk: { ...kiosk, devTools: true }, isProduction: true, preloadPath: 'p' }).webPreferences!.devTools).toBe(true);
    expect(kioskWindowOptions({ kiosk: { ...kiosk, fullscreen: false }, isProduction: false, preloadPath: 'p' })).toMatchObject({ kiosk: false, fullscreen: false });
  });
});

describe('kiosk window behaviour', () => {
  function open(isProduction = true, extra: Partial<Parameters<typeof createKioskWindow>[0]> = {}) {
    const log = createMemoryLogger();
    const win = createKioskWindow({ kiosk, isProduction, preloadPath: 'p', log, ...extra }) as unknown as InstanceType<typeof fake.module.BrowserWindow>;
    return { win, contents: win.webContents, log };
  }

  it('loads our app:// page with the hardened options and no application menu', () => {
    const { win } = open();
    expect(win.loadedUrl).toBe(APP_START_URL);
    expect((win.options.webPreferences as Record<string, unknown>).sandbox).toBe(true);
    expect(fake.applicationMenu()).toBeNull();
    expect(win.menuBarVisible).toBe(false);
  });

  it('blocks every navigation and redirect, even to our own origin, and refuses webviews', () => {
    const { contents, log } = open();
    expect(contents.fire('will-navigate', 'https://example.com/')).toBe(true);
    expect(contents.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.fire('will-navigate', 'app://kiosk/other.html')).toBe(true);
    expect(contents.fire('will-redirect', 'https://example.com/')).toBe(true);
    expect(contents.fire('will-attach-webview', {}, {})).toBe(true);
    expect(log.lines.some((l) => l.includes('window.navigation_blocked'))).toBe(true);
  });

  it('denies every new window', () => {
    const { contents } = open();
    expect(contents.windowOpenHandler).not.toBeNull();
    for (const url of ['https://example.com/', APP_START_URL, 'about:blank']) expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
  });

  it('reloads the page after a renderer crash, but not after a clean exit', () => {
    vi.useFakeTimers();
    const { contents } = open();
    contents.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
    vi.runAllTimers();
    expect(contents.reloads).toBe(0);
    contents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    vi.runAllTimers();
    expect(contents.reloads).toBe(1);
    contents.emit('render-process-gone', {}, { reason: 'oom', exitCode: 1 });
    vi.runAllTimers();
    expect(contents.reloads).toBe(2);
  });

  it('the hidden chord asks for the staff exit; browser shortcuts are swallowed in production', () => {
    const onStaffExitChord = vi.fn();
    const { contents } = open(true, { onStaffExitChord });
    expect(contents.fire('before-input-event', keyDown('k', { control: true, alt: true, shift: true }))).toBe(true);
    expect(onStaffExitChord).toHaveBeenCalledTimes(1);
    expect(contents.fire('before-input-event', keyDown('r', { control: true }))).toBe(true);
    expect(contents.fire('before-input-event', keyDown('F12'))).toBe(true);
    expect(contents.fire('before-input-event', keyDown('I', { control: true, shift: true }))).toBe(true);
    expect(contents.fire('before-input-event', keyDown('a'))).toBe(false);
    expect(contents.fire('before-input-event', keyDown('k', { control: true }))).toBe(false);
    expect(onStaffExitChord).toHaveBeenCalledTimes(1);
  });

  it('in production the window cannot be closed (Alt+F4) unless the app is quitting', () => {
    let quitting = false;
    const { win } = open(true, { isQuitting: () => quitting });
    expect(win.tryClose()).toBe(true);
    quitting = true;
    expect(win.tryClose()).toBe(false);
    const dev = open(false);
    expect(dev.win.tryClose()).toBe(false);
  });

  it('chord and shortcut predicates', () => {
    expect(isStaffExitChord(keyDown('K', { control: true, alt: true, shift: true }))).toBe(true);
    expect(isStaffExitChord({ ...keyDown('k', { control: true, alt: true, shift: true }), type: 'keyUp' })).toBe(false);
    expect(isBlockedShortcut(keyDown('F5'))).toBe(true);
    expect(isBlockedShortcut(keyDown('1'))).toBe(false);
  });
});

describe('permissions', () => {
  it('grants only the camera (video only) to our own origin', () => {
    lockDownSession(fake.session as never);
    const ask = (permission: string, url: string, mediaTypes?: string[]) => {
      let granted: boolean | null = null;
      fake.permission.request!({ getURL: () => url }, permission, (ok) => (granted = ok), { requestingUrl: url, mediaTypes });
      return granted;
    };
    expect(ask('media', APP_START_URL, ['video'])).toBe(true);
    expect(ask('media', APP_START_URL, ['audio'])).toBe(false);
    expect(ask('media', APP_START_URL, ['video', 'audio'])).toBe(false);
    expect(ask('media', 'https://evil.example/', ['video'])).toBe(false);
    expect(ask('notifications', APP_START_URL)).toBe(false);
    expect(ask('geolocation', APP_START_URL)).toBe(false);
    expect(ask('openExternal', APP_START_URL)).toBe(false);
    expect(fake.permission.check!({}, 'media', 'app://kiosk')).toBe(true);
    expect(fake.permission.check!({}, 'media', 'https://evil.example')).toBe(false);
    expect(fake.permission.check!({}, 'clipboard-read', 'app://kiosk')).toBe(false);
  });

  it('recognises only app://kiosk as our origin', () => {
    expect(isAppUrl('app://kiosk/index.html')).toBe(true);
    for (const u of ['app://kiosk.evil/x', 'app://evil/x', 'http://kiosk/', 'app://user@kiosk/', 'file:///kiosk', '', 'not a url']) expect(isAppUrl(u), u).toBe(false);
  });
});

describe('app:// protocol', () => {
  let root: string;
  beforeEach(() => {
    root = tmp();
    fs.mkdirSync(path.join(root, 'assets'));
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>kiosk</title>');
    fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
    fs.writeFileSync(path.join(path.dirname(root), `secret-${path.basename(root)}.txt`), 'secret');
  });

  it('serves files under the renderer folder with the CSP header and a proper type', async () => {
    const res = await serveAppRequest(root, 'app://kiosk/assets/app.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('content-type')).toContain('text/javascript');
    expect(await res.text()).toBe('console.log(1)');
    const index = await serveAppRequest(root, 'app://kiosk/');
    expect(await index.text()).toContain('<title>kiosk</title>');
  });

  it('never serves a file outside the folder, nor another host', async () => {
    const name = `secret-${path.basename(root)}.txt`;
    for (const url of [`app://kiosk/../${name}`, `app://kiosk/%2e%2e/${name}`, `app://kiosk/..%2f${name}`, `app://kiosk/assets/..%2f..%2f${name}`, 'app://other/index.html', 'app://kiosk/%00']) {
      expect(resolveAppFile(root, url) ?? '', url).not.toContain('secret');
      const res = await serveAppRequest(root, url);
      if (res.status === 200) expect(await res.text(), url).not.toBe('secret');
    }
    expect((await serveAppRequest(root, 'app://kiosk/assets/missing.js')).status).toBe(404);
    expect((await serveAppRequest(root, 'app://kiosk/index.html', 'POST')).status).toBe(405);
  });

  it('falls back to index.html for UI routes without an extension', () => {
    expect(resolveAppFile(root, 'app://kiosk/members/42')).toBe(path.join(root, 'index.html'));
  });

  it('the CSP forbids inline and evaluated scripts, plugins, framing and foreign connections', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });
});

describe('utility-process worker', () => {
  it('the worker host runs requests through a utility process and restarts it after a crash', async () => {
    const children: Array<EventEmitter & { sent: unknown[]; killed: boolean }> = [];
    const forkCalls: unknown[][] = [];
    fake.module.utilityProcess.fork = ((...args: unknown[]) => {
      forkCalls.push(args);
      const child = Object.assign(new EventEmitter(), {
        sent: [] as unknown[],
        killed: false,
        postMessage(m: { type: string; id: number; payload: unknown }) {
          child.sent.push(m);
          // Answers like kiosk-worker.ts's serveWorker would.
          queueMicrotask(() => child.emit('message', { type: 'response', id: m.id, ok: true, value: { echoed: m.payload } }));
        },
        kill() {
          child.killed = true;
          return true;
        },
      });
      children.push(child);
      queueMicrotask(() => child.emit('message', { type: 'ready' }));
      return child;
    }) as never;
    const entry = new URL('file:///opt/kiosk/build/electron/services/kiosk-worker.js');
    const host = createWorkerHost(utilityProcessSpawner(entry), { name: 'kiosk', log: createMemoryLogger(), restartDelaysMs: [0, 0] });
    await host.whenReady();
    expect(forkCalls[0]?.[0]).toBe('/opt/kiosk/build/electron/services/kiosk-worker.js');
    expect(await host.request('files.sha256', { files: [] })).toEqual({ echoed: { files: [] } });

    children[0]!.emit('exit', 139);
    expect(host.status().state).toBe('restarting');
    await vi.waitFor(() => expect(host.status().state).toBe('ready'));
    expect(children).toHaveLength(2);
    expect(await host.request('files.sha256', { files: ['a'] })).toEqual({ echoed: { files: ['a'] } });
    await host.close();
    expect(children[1]!.killed).toBe(true);
  });
});

describe('template key (safeStorage)', () => {
  afterEach(() => {
    fake.module.safeStorage = { isEncryptionAvailable: () => false, getSelectedStorageBackend: () => 'basic_text' } as never;
  });

  it("without OS encryption: the face service's 0600 key file, stable across restarts, and a warning", () => {
    const dir = tmp();
    const log = createMemoryLogger();
    const provider = createSafeStorageKeyProvider(dir, log);
    const key = provider.getKey();
    expect(key).toHaveLength(32);
    const again = createSafeStorageKeyProvider(dir, log);
    expect(again.getKey().equals(key)).toBe(true);
    expect(again.keyId).toBe(provider.keyId);
    const file = path.join(dir, PLAIN_TEMPLATE_KEY_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(log.lines.some((l) => l.includes('keys.os_encryption_unavailable'))).toBe(true);
  });

  it('with OS encryption: only the encrypted key is on disk, and an earlier plain key is adopted', () => {
    const dir = tmp();
    const log = createMemoryLogger();
    const plain = createSafeStorageKeyProvider(dir, log);
    const mask = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
    fake.module.safeStorage = {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptString: (s: string) => mask(Buffer.from(`enc:${s}`)),
      decryptString: (b: Buffer) => mask(b).toString().replace(/^enc:/, ''),
    } as never;
    const provider = createSafeStorageKeyProvider(dir, log);
    const key = provider.getKey();
    expect(key.equals(plain.getKey())).toBe(true);
    expect(provider.keyId).toBe(plain.keyId);
    expect(fs.existsSync(path.join(dir, PLAIN_TEMPLATE_KEY_FILE))).toBe(false);
    const stored = fs.readFileSync(path.join(dir, TEMPLATE_KEY_FILE));
    expect(stored.includes(key)).toBe(false);
    expect(stored.toString('latin1')).not.toContain(key.toString('base64'));
    expect(createSafeStorageKeyProvider(dir, log).getKey().equals(key)).toBe(true);
  });

  it('a key the OS account cannot unlock is a clear FACE_KEY_UNAVAILABLE, never a new key', () => {
    const dir = tmp();
    fake.module.safeStorage = {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptString: (s: string) => Buffer.from(s),
      decryptString: () => {
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      },
    } as never;
    createSafeStorageKeyProvider(dir, createMemoryLogger());
    const before = fs.readFileSync(path.join(dir, TEMPLATE_KEY_FILE));
    expect(() => createSafeStorageKeyProvider(dir, createMemoryLogger())).toThrow(expect.objectContaining({ code: 'FACE_KEY_UNAVAILABLE' }));
    expect(fs.readFileSync(path.join(dir, TEMPLATE_KEY_FILE)).equals(before)).toBe(true);
  });
});

describe('autostart', () => {
  it('writes a desktop entry that quotes paths with spaces', () => {
    expect(autostartDesktopEntry('/opt/Member Kiosk/member-kiosk')).toContain('Exec="/opt/Member Kiosk/member-kiosk"');
    expect(autostartDesktopEntry('/home/k/Member-Kiosk.AppImage')).toContain('Exec=/home/k/Member-Kiosk.AppImage\n');
  });
});
