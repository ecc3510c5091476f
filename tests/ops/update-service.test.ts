// over-400-lines: every case shares one fixture (a live feed, release keys, the fake Electron app and injected timers); splitting would duplicate it.
/**
 * The update service on electron-updater, against a real HTTP feed on 127.0.0.1 (a channel file,
 * installers, .sig files). Real: electron-updater's generic provider, channel-file parsing, staged
 * roll-out, sha512 check, download cache and AppImage install; our Ed25519 gate; the files on disk.
 * Replaced: `electron` (fake-electron.ts: app, powerMonitor), electron-updater's HTTP client (Node's
 * http for Electron's net), the clock and the timers (injected).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../electron/core/config.js';
import { createMemoryLogger } from '../../electron/core/logger.js';
import { startUpdateService, type UpdateService, type UpdateServiceOptions, type UpdateTimers } from '../../electron/main/update-service.js';
import { generateReleaseKeyPair } from '../../electron/main/update-signature.js';
import { until } from '../support/until.js';
import { sharedFakeElectron } from './fake-electron.js';
import { appUpdateYml, NodeHttpExecutor, publish, startFeed, type Feed, type Signing } from './update-feed-server.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).sharedFakeElectron().module);

const fake = sharedFakeElectron();
const app = fake.module.app;
const powerMonitor = fake.module.powerMonitor;

/** 03:30 and 12:00 in Asia/Shanghai (UTC+8), the store's time zone below; quiet hours 03–05. */
const QUIET_HOUR = new Date('2026-11-21T19:30:00Z');
const OPENING_HOURS = new Date('2026-11-22T04:00:00Z');
const MINUTE = 60_000;

const savedEnv = { APPIMAGE: process.env.APPIMAGE, MARKER: process.env.KIOSK_TEST_MARKER };
let dir: string;
let dataDir: string;
let resources: string;
let appImage: string;
let marker: string;
let feed: Feed;
let release: ReturnType<typeof generateReleaseKeyPair>;
let log: ReturnType<typeof createMemoryLogger>;
let clock: Date;
let beforeInstall: ReturnType<typeof vi.fn<() => void>>;
let services: UpdateService[];

/** Timers the test fires by hand: which delays are pending is what the schedule decided. */
function manualTimers() {
  const pending = new Set<{ ms: number; run: () => void; repeat: boolean }>();
  const timers: UpdateTimers = {
    after(ms, run) {
      const t = { ms, run, repeat: false };
      pending.add(t);
      return () => pending.delete(t);
    },
    every(ms, run) {
      const t = { ms, run, repeat: true };
      pending.add(t);
      return () => pending.delete(t);
    },
  };
  return {
    timers,
    /** Delay of the pending one-shot timer(s): when the next check is due. */
    checkDelays: () => [...pending].filter((t) => !t.repeat).map((t) => t.ms),
    pollDelays: () => [...pending].filter((t) => t.repeat).map((t) => t.ms),
    fire(ms: number) {
      const due = [...pending].filter((t) => t.ms === ms);
      expect(due.length, `a timer of ${ms} ms is pending`).toBeGreaterThan(0);
      for (const t of due) {
        if (!t.repeat) pending.delete(t);
        t.run();
      }
    },
  };
}

function start(overrides: Partial<UpdateServiceOptions> = {}): UpdateService | null {
  const config = parseConfig({ store: { timeZone: 'Asia/Shanghai' }, kiosk: { updateFeedUrl: feed.url, quietHours: { from: 3, to: 5 } } });
  const service = startUpdateService({
    config,
    dataDir,
    log,
    beforeInstall,
    http: new NodeHttpExecutor(),
    trustedKeys: [release.publicKeyPem],
    now: () => clock,
    timers: manualTimers().timers,
    platform: 'linux',
    resourcesPath: resources,
    ...overrides,
  });
  if (service) services.push(service);
  return service;
}

function events(): Array<Record<string, unknown> & { event: string }> {
  return log.lines.map((l) => JSON.parse(l) as Record<string, unknown> & { event: string });
}
const logged = (event: string) => events().filter((e) => e.event === event);

/** Files electron-updater keeps in its download cache (installers, update-info.json). */
function cached(): string[] {
  const pending = path.join(dataDir, 'member-kiosk-updater', 'pending');
  return fs.existsSync(pending) ? fs.readdirSync(pending).sort() : [];
}

const requested = (name: string) => feed.requests.filter((r) => r.path === `/updates/${name}`).length;

/** A stand-in AppImage: records how electron-updater ran it (it must not start a second kiosk). */
function appImageBuild(version: string): Buffer {
  return Buffer.from(`#!/bin/sh\necho "${version} exit-after-install=\${APPIMAGE_EXIT_AFTER_INSTALL:-no}" >> "$KIOSK_TEST_MARKER"\n`);
}

function publishAppImage(version: string, extra: { signing?: Signing; served?: Buffer; stagingPercentage?: number } = {}) {
  const body = appImageBuild(version);
  publish(feed, { version, name: `Member-Kiosk-${version}-linux-x86_64.AppImage`, body, key: release.privateKeyPem, ...extra });
  return body;
}

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-update-'));
  dataDir = path.join(dir, 'data');
  resources = path.join(dir, 'resources');
  fs.mkdirSync(dataDir);
  fs.mkdirSync(resources);
  fs.mkdirSync(path.join(dir, 'apps'));
  feed = await startFeed();
  fs.writeFileSync(path.join(resources, 'app-update.yml'), appUpdateYml(feed.url));
  appImage = path.join(dir, 'apps', 'Member-Kiosk.AppImage');
  fs.writeFileSync(appImage, 'old build', { mode: 0o755 });
  marker = path.join(dir, 'marker.txt');
  process.env.APPIMAGE = appImage;
  process.env.KIOSK_TEST_MARKER = marker;
  release = generateReleaseKeyPair();
  log = createMemoryLogger();
  clock = OPENING_HOURS;
  beforeInstall = vi.fn<() => void>();
  services = [];
  powerMonitor.idleSeconds = 3600;
  app.isPackaged = true;
  app.quitCalls = 0;
  app.relaunches.length = 0;
  void app.whenReady();
  app.readyResolve?.();
});

afterEach(async () => {
  for (const s of services) s.stop();
  app.isPackaged = false;
  for (const [key, value] of [['APPIMAGE', savedEnv.APPIMAGE], ['KIOSK_TEST_MARKER', savedEnv.MARKER]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await feed.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.runIf(process.platform === 'linux')('update service (electron-updater, AppImage)', () => {
  it('downloads a signed update in the background and installs it only in the quiet hours, with an idle counter', async () => {
    const newBuild = publishAppImage('9.9.9');
    const manual = manualTimers();
    const service = start({ timers: manual.timers })!;
    expect(service.status()).toMatchObject({ state: 'idle', kind: 'appimage', currentVersion: '0.1.0' });
    expect(manual.checkDelays()).toEqual([1 * MINUTE]);
    expect(manual.pollDelays()).toEqual([5 * MINUTE]);

    manual.fire(1 * MINUTE);
    await until(() => service.status().state === 'ready', 'the update is downloaded and verified');
    expect(requested('latest-linux.yml')).toBe(1);
    expect(requested('Member-Kiosk-9.9.9-linux-x86_64.AppImage')).toBe(1);
    expect(requested('Member-Kiosk-9.9.9-linux-x86_64.AppImage.sig')).toBeGreaterThanOrEqual(1);
    expect(cached()).toContain('Member-Kiosk-9.9.9-linux-x86_64.AppImage');
    expect(logged('update.downloaded')[0]).toMatchObject({ version: '9.9.9', kind: 'appimage', keyId: expect.stringMatching(/^[0-9a-f]{16}$/) });

    // Noon in the store, counter idle: the running kiosk is left alone.
    expect(await service.installIfDue()).toBe(false);
    expect(service.status().state).toBe('ready');
    // 03:30 in the store but someone is at the counter.
    clock = QUIET_HOUR;
    powerMonitor.idleSeconds = 5;
    expect(await service.installIfDue()).toBe(false);
    expect(service.status().state).toBe('ready');
    expect(fs.readFileSync(appImage, 'utf8')).toBe('old build');
    expect(beforeInstall).not.toHaveBeenCalled();
    expect(app.quitCalls).toBe(0);

    // Quiet and idle: the quiet-hours poll installs.
    powerMonitor.idleSeconds = 3600;
    manual.fire(5 * MINUTE);
    await until(() => app.quitCalls === 1, 'the app quits for the install');
    expect(service.status().state).toBe('installing');
    expect(beforeInstall).toHaveBeenCalledTimes(1);
    expect(fs.readFileSync(appImage).equals(newBuild)).toBe(true);
    expect(fs.statSync(appImage).mode & 0o111).not.toBe(0);
    // electron-updater ran the new AppImage only to finish installing; Electron starts it after we quit.
    expect(fs.readFileSync(marker, 'utf8')).toBe('9.9.9 exit-after-install=true\n');
    expect(app.relaunches).toEqual([{ execPath: appImage }]);
    expect(logged('update.installing')).toHaveLength(1);
  });

  it('refuses a tampered download (sha512 differs from the channel file) and keeps nothing', async () => {
    publishAppImage('9.9.9', { served: appImageBuild('6.6.6') });
    const service = start()!;
    await service.checkNow();
    expect(service.status()).toMatchObject({ state: 'failed', readyVersion: null, failures: 1 });
    expect(logged('update.refused')[0]).toMatchObject({ code: 'ERR_CHECKSUM_MISMATCH' });
    // electron-updater rejected it before our gate ever looked for a signature.
    expect(requested('Member-Kiosk-9.9.9-linux-x86_64.AppImage.sig')).toBe(0);
    expect(cached()).toEqual([]);
    clock = QUIET_HOUR;
    expect(await service.installIfDue()).toBe(false);
    expect(fs.readFileSync(appImage, 'utf8')).toBe('old build');
  });

  it.each([
    ['none', /no signature/],
    ['forged', /does not verify/],
    ['other-bytes', /different bytes/],
    ['untrusted-key', /does not trust/],
    ['other-version', /for version 99\.0\.0/],
  ] as const)('refuses an installer with a valid sha512 but a bad Ed25519 signature (%s)', async (signing, reason) => {
    publishAppImage('9.9.9', { signing });
    const service = start()!;
    await service.checkNow();
    expect(requested('Member-Kiosk-9.9.9-linux-x86_64.AppImage')).toBe(1); // the sha512 was fine
    expect(service.status()).toMatchObject({ state: 'failed', readyVersion: null });
    expect(service.status().lastError).toMatch(reason);
    expect(logged('update.refused')[0]).toMatchObject({ code: 'ERR_UPDATE_SIGNATURE' });
    expect(logged('update.downloaded')).toEqual([]);
    // Refused inside electron-updater's download task: it deleted the file and never recorded or
    // announced a download (no update-info.json, no "has been downloaded").
    expect(cached()).toEqual([]);
    expect(logged('update.library').filter((e) => /has been downloaded/.test(String(e.message)))).toEqual([]);
    clock = QUIET_HOUR;
    expect(await service.installIfDue()).toBe(false);
    expect(app.quitCalls).toBe(0);
    expect(fs.readFileSync(appImage, 'utf8')).toBe('old build');
  });

  // This terminal's staging id puts it at 0x80000000 / 0xffffffff ≈ 50.0 % of the roll-out.
  const STAGING_ID = '3f2a6c1e-5b7d-4e8f-9a0b-1c2d80000000';
  it.each([
    [0, false],
    [40, false],
    [60, true],
    [100, true],
  ])('honours stagingPercentage %i for this terminal’s staging id (downloads: %s)', async (percentage, downloads) => {
    fs.writeFileSync(path.join(dataDir, '.updaterId'), STAGING_ID);
    publishAppImage('9.9.9', { stagingPercentage: percentage });
    const service = start()!;
    await service.checkNow();
    expect(feed.requests[0]).toEqual({ path: '/updates/latest-linux.yml', stagingId: STAGING_ID });
    expect(requested('Member-Kiosk-9.9.9-linux-x86_64.AppImage')).toBe(downloads ? 1 : 0);
    expect(service.status().readyVersion).toBe(downloads ? '9.9.9' : null);
    expect(logged('update.not_in_rollout')).toHaveLength(downloads ? 0 : 1);
  });

  it('keeps the staging id it generated for this installation in the data folder', async () => {
    publishAppImage('9.9.9', { stagingPercentage: 100 });
    await start()!.checkNow();
    const id = fs.readFileSync(path.join(dataDir, '.updaterId'), 'utf8');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(feed.requests[0]?.stagingId).toBe(id);
  });

  it('never downloads an older or the same version', async () => {
    for (const version of ['0.1.0', '0.0.9']) {
      publishAppImage(version);
      const service = start()!;
      await service.checkNow();
      expect(service.status()).toMatchObject({ state: 'idle', latestVersion: version, readyVersion: null });
      expect(requested(`Member-Kiosk-${version}-linux-x86_64.AppImage`)).toBe(0);
    }
    expect(cached()).toEqual([]);
  });

  it('stays idle without a feed, unpackaged, on an installation it cannot update, or without a trusted key', async () => {
    publishAppImage('9.9.9');
    expect(startUpdateService({ config: parseConfig({}), dataDir, log, beforeInstall, resourcesPath: resources, trustedKeys: [release.publicKeyPem] })).toBeNull();
    app.isPackaged = false;
    expect(start()).toBeNull();
    app.isPackaged = true;
    delete process.env.APPIMAGE; // neither an AppImage nor a deb (no resources/package-type)
    expect(start()).toBeNull();
    expect(start({ platform: 'darwin' })).toBeNull();
    process.env.APPIMAGE = appImage;
    expect(start({ trustedKeys: [] })).toBeNull();
    expect(logged('update.disabled').map((e) => e.reason)).toEqual([
      expect.stringMatching(/cannot self-update/),
      expect.stringMatching(/cannot self-update/),
      expect.stringMatching(/trusts no release key/),
    ]);
    expect(feed.requests).toEqual([]);
  });

  it('retries with backoff while the feed fails, then returns to checking every 6 hours', async () => {
    const manual = manualTimers();
    const service = start({ timers: manual.timers })!;
    feed.failWith = 503;
    const fireAndWait = async (ms: number) => {
      manual.fire(ms);
      await until(() => manual.checkDelays().length === 1, 'the next check is scheduled');
    };
    await fireAndWait(1 * MINUTE);
    expect(manual.checkDelays()).toEqual([5 * MINUTE]);
    await fireAndWait(5 * MINUTE);
    expect(manual.checkDelays()).toEqual([10 * MINUTE]);
    await fireAndWait(10 * MINUTE);
    expect(manual.checkDelays()).toEqual([20 * MINUTE]);
    expect(service.status()).toMatchObject({ state: 'failed', failures: 3 });
    expect(logged('update.check_failed').map((e) => e.retryInMinutes)).toEqual([5, 10, 20]);

    feed.failWith = null;
    publishAppImage('0.1.0');
    await fireAndWait(20 * MINUTE);
    expect(manual.checkDelays()).toEqual([6 * 60 * MINUTE]);
    expect(service.status()).toMatchObject({ state: 'idle', failures: 0, lastError: null });
  });

  it('refuses to install an installer that changed on disk after it was verified', async () => {
    publishAppImage('9.9.9');
    const service = start()!;
    await service.checkNow();
    expect(service.status().state).toBe('ready');
    const file = path.join(dataDir, 'member-kiosk-updater', 'pending', 'Member-Kiosk-9.9.9-linux-x86_64.AppImage');
    fs.appendFileSync(file, 'echo swapped\n');
    clock = QUIET_HOUR;
    expect(await service.installIfDue()).toBe(false);
    expect(logged('update.refused')[0]).toMatchObject({ code: 'ERR_UPDATE_CHANGED_ON_DISK' });
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.readFileSync(appImage, 'utf8')).toBe('old build');
    expect(app.quitCalls).toBe(0);
  });

  it('keeps running when the installer cannot start, and installs on a later try', async () => {
    const newBuild = publishAppImage('9.9.9');
    const service = start()!;
    await service.checkNow();
    clock = QUIET_HOUR;
    process.env.APPIMAGE = 'apps/Member-Kiosk.AppImage'; // electron-updater refuses a relative path
    expect(await service.installIfDue()).toBe(false);
    expect(service.status()).toMatchObject({ state: 'failed', readyVersion: null, lastError: 'the installer did not start' });
    expect(logged('update.install_failed')).toHaveLength(1);
    expect(app.quitCalls).toBe(0);
    expect(beforeInstall).not.toHaveBeenCalled();

    process.env.APPIMAGE = appImage;
    await service.checkNow(); // the installer is still in the cache: verified again, not downloaded again
    expect(requested('Member-Kiosk-9.9.9-linux-x86_64.AppImage')).toBe(1);
    expect(await service.installIfDue()).toBe(true);
    expect(fs.readFileSync(appImage).equals(newBuild)).toBe(true);
    expect(app.quitCalls).toBe(1);
  });

  it('checks the signature again on an installer electron-updater takes from its cache', async () => {
    publishAppImage('9.9.9');
    const first = start()!;
    await first.checkNow();
    expect(first.status().state).toBe('ready');
    first.stop();

    // The next start of the app (same data folder) trusts another key only: the cached installer
    // skips electron-updater's download task, so only the service's own check can refuse it.
    const second = start({ trustedKeys: [generateReleaseKeyPair().publicKeyPem] })!;
    await second.checkNow();
    expect(requested('Member-Kiosk-9.9.9-linux-x86_64.AppImage')).toBe(1); // not downloaded again
    expect(logged('update.library').some((e) => /already been downloaded/.test(String(e.message)))).toBe(true);
    expect(second.status()).toMatchObject({ state: 'failed', readyVersion: null });
    expect(second.status().lastError).toMatch(/does not trust/);
    expect(cached().filter((f) => f.endsWith('.AppImage'))).toEqual([]);
    clock = QUIET_HOUR;
    expect(await second.installIfDue()).toBe(false);
    expect(fs.readFileSync(appImage, 'utf8')).toBe('old build');
  });
});

describe('update service (deb and NSIS downloads)', () => {
  it('deb: downloads and verifies, never installs by itself (IT runs apt)', async () => {
    delete process.env.APPIMAGE;
    fs.writeFileSync(path.join(resources, 'package-type'), 'deb');
    publish(feed, { version: '9.9.9', name: 'Member-Kiosk-9.9.9-linux-amd64.deb', body: Buffer.from('!<arch>\nnew deb'), key: release.privateKeyPem });
    const service = start()!;
    await service.checkNow();
    expect(service.status()).toMatchObject({ state: 'ready', kind: 'deb', readyVersion: '9.9.9' });
    expect(logged('update.downloaded')[0]).toMatchObject({ kind: 'deb', installs: expect.stringMatching(/by IT/) });
    expect(cached()).toContain('Member-Kiosk-9.9.9-linux-amd64.deb');
    clock = QUIET_HOUR;
    expect(await service.installIfDue()).toBe(false);
    expect(app.quitCalls).toBe(0);
  });

  it.each([
    ['good', 'ready'],
    ['forged', 'failed'],
  ] as const)('NSIS: the .exe download passes the same gate (%s signature → %s)', async (signing, state) => {
    // electron-updater picks the channel file by the host's platform: on this Linux host the
    // NsisUpdater asks for latest-linux.yml, so that is where the .exe is published.
    publish(feed, { version: '9.9.9', name: 'Member-Kiosk-9.9.9-win-x64.exe', body: Buffer.from('MZ new installer'), key: release.privateKeyPem, signing });
    const service = start({ platform: 'win32' })!;
    await service.checkNow();
    expect(service.status()).toMatchObject({ state, kind: 'nsis' });
    expect(cached().includes('Member-Kiosk-9.9.9-win-x64.exe')).toBe(state === 'ready');
  });
});
