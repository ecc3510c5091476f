import fs from 'node:fs';
import path from 'node:path';
import { app, powerMonitor } from 'electron';
import type { CancellationToken } from 'electron-updater';
import { ElectronHttpExecutor } from 'electron-updater/out/electronHttpExecutor.js';
import type { AppConfig } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import { allowInstallRetry, createKioskUpdater, detectInstallKind, kioskAppAdapter, type InstallKind, type KioskUpdater, type UpdateHttp, type VerifiedInstaller } from './kiosk-updater.js';
import { isQuietHour } from './quiet-hours.js';
import { parseTrustedKeys, sha512Base64 } from './update-signature.js';
import { TRUSTED_UPDATE_KEYS } from './update-trusted-keys.js';

const FIRST_CHECK_MS = 60_000;
const CHECK_EVERY_MS = 6 * 60 * 60_000;
/** After a failed check or a refused download: 5 min, 10, 20 … up to the regular 6 hours. */
const RETRY_FIRST_MS = 5 * 60_000;
const QUIET_POLL_MS = 5 * 60_000;
/** Nobody touched the counter for this long: nobody is mid-checkout or waiting for a receipt. */
const IDLE_BEFORE_INSTALL_S = 10 * 60;
/** Refusals of the installer itself, as opposed to an unreachable feed. */
const REFUSAL_CODES = new Set(['ERR_UPDATE_SIGNATURE', 'ERR_CHECKSUM_MISMATCH', 'ERR_UPDATER_INVALID_SIGNATURE']);

export type UpdateState = 'idle' | 'checking' | 'downloading' | 'ready' | 'installing' | 'failed';

export interface UpdateStatus {
  state: UpdateState;
  kind: InstallKind;
  currentVersion: string;
  /** The newest version the feed offered this terminal at the last successful check. */
  latestVersion: string | null;
  /** Downloaded and verified, waiting for the quiet hours (or, for a deb, for IT). */
  readyVersion: string | null;
  lastCheckAt: string | null;
  lastError: string | null;
  failures: number;
}

export interface UpdateService {
  stop(): void;
  status(): UpdateStatus;
  /** One check (and download when there is something newer); the schedule calls it. */
  checkNow(): Promise<void>;
  /** Installs the ready update if it is quiet and idle; the quiet-hours poll calls it. */
  installIfDue(): Promise<boolean>;
}

/** setTimeout/setInterval behind a seam, so tests can drive the schedule without fake clocks. */
export interface UpdateTimers {
  after(ms: number, run: () => void): () => void;
  every(ms: number, run: () => void): () => void;
}

const realTimers: UpdateTimers = {
  after(ms, run) {
    const timer = setTimeout(run, ms);
    return () => clearTimeout(timer);
  },
  every(ms, run) {
    const timer = setInterval(run, ms);
    return () => clearInterval(timer);
  },
};

export interface UpdateServiceOptions {
  config: AppConfig;
  dataDir: string;
  log: Logger;
  /** Called just before the app quits for an install (lets the kiosk window close). */
  beforeInstall: () => void;
  // What tests replace; the app passes none of these.
  http?: UpdateHttp;
  trustedKeys?: readonly string[];
  now?: () => Date;
  timers?: UpdateTimers;
  platform?: NodeJS.Platform;
  resourcesPath?: string;
}

/**
 * Self-update from HQ's feed through electron-updater (kiosk-updater.ts): checks a minute after
 * start and every 6 hours (sooner, with backoff, after a failure), downloads a newer installer in
 * the background, accepts it only with a valid Ed25519 release signature, and installs it only in
 * the configured quiet hours of the store's time zone while nobody is using the counter.
 *
 * - Windows (NSIS): electron-updater runs the installer silently and it starts the app again. A
 *   per-machine install needs admin rights (elevate.exe, UAC): see docs/store-it.md.
 * - Linux AppImage: electron-updater moves the new AppImage into place; Electron starts it once
 *   this instance has quit, so the two never hold the database or the instance lock together.
 * - Linux deb: downloaded and verified only; IT installs it (`sudo apt install ./…deb`).
 *
 * Returns null (no updates) without a feed, in an unpackaged app, on an installation it cannot
 * update, or when the build trusts no release key.
 */
export function startUpdateService(options: UpdateServiceOptions): UpdateService | null {
  const feed = options.config.kiosk.updateFeedUrl;
  if (!feed || !app.isPackaged) return null;
  const log = options.log;
  const resourcesPath = options.resourcesPath ?? process.resourcesPath;
  const kind = detectInstallKind(options.platform ?? process.platform, process.env, resourcesPath);
  const disabled = (reason: string): null => {
    log.warn('update.disabled', { reason });
    return null;
  };
  if (!kind) return disabled('this installation type cannot self-update (only NSIS, AppImage and deb)');
  const trustedKeys = parseTrustedKeys(options.trustedKeys ?? TRUSTED_UPDATE_KEYS);
  if (trustedKeys.size === 0) return disabled('this build trusts no release key (electron/main/update-trusted-keys.ts)');
  const adapter = kioskAppAdapter(app, { dataDir: options.dataDir, resourcesPath });
  if (!fs.existsSync(adapter.appUpdateConfigPath)) return disabled(`${path.basename(adapter.appUpdateConfigPath)} is missing (built without a publish configuration)`);

  const kiosk: KioskUpdater = createKioskUpdater({ kind, app: adapter, http: options.http ?? new ElectronHttpExecutor(), feedUrl: feed, trustedKeys, log });
  const now = options.now ?? (() => new Date());
  const timers = options.timers ?? realTimers;
  const { quietHours } = options.config.kiosk;
  const timeZone = options.config.store.timeZone;

  const status: UpdateStatus = {
    state: 'idle',
    kind,
    currentVersion: app.getVersion(),
    latestVersion: null,
    readyVersion: null,
    lastCheckAt: null,
    lastError: null,
    failures: 0,
  };
  let ready: VerifiedInstaller | null = null;
  let busy = false;
  let stopped = false;
  let download: CancellationToken | null = null;

  async function checkNow(): Promise<void> {
    if (busy || ready || stopped) return;
    busy = true;
    status.state = 'checking';
    try {
      const result = await kiosk.updater.checkForUpdates();
      status.lastCheckAt = now().toISOString();
      if (!result) throw new Error('electron-updater is not active in this installation');
      status.latestVersion = result.updateInfo.version;
      if (!result.isUpdateAvailable) {
        log.info('update.up_to_date', { current: status.currentVersion, feed: result.updateInfo.version });
        status.state = 'idle';
        status.failures = 0;
        status.lastError = null;
        return;
      }
      const version = result.updateInfo.version;
      log.info('update.downloading', { version });
      status.state = 'downloading';
      download = result.cancellationToken ?? null;
      const [file] = await kiosk.updater.downloadUpdate(download ?? undefined);
      if (!file) throw new Error('electron-updater reported a download without a file');
      const verified = await kiosk.gate.confirm(file, version).catch((error: unknown) => {
        fs.rmSync(file, { force: true }); // refused: the next check downloads afresh
        throw error;
      });
      ready = verified;
      status.state = 'ready';
      status.readyVersion = version;
      status.failures = 0;
      status.lastError = null;
      log.info('update.downloaded', { version, kind, file: verified.file, keyId: verified.keyId, installs: kind === 'deb' ? 'by IT: sudo apt install <file>' : 'in quiet hours' });
    } catch (error) {
      if (stopped) return;
      const code = (error as { code?: unknown }).code;
      status.state = 'failed';
      status.failures += 1;
      status.lastError = error instanceof Error ? error.message : String(error);
      const fields = { error: status.lastError, code: typeof code === 'string' ? code : null, retryInMinutes: Math.round(nextCheckMs() / 60_000) };
      if (typeof code === 'string' && REFUSAL_CODES.has(code)) log.warn('update.refused', fields);
      else log.warn('update.check_failed', fields);
    } finally {
      download = null;
      busy = false;
    }
  }

  async function installIfDue(): Promise<boolean> {
    if (!ready || kind === 'deb' || status.state === 'installing' || stopped) return false;
    if (!isQuietHour(now(), quietHours, timeZone)) return false;
    if (powerMonitor.getSystemIdleTime() < IDLE_BEFORE_INSTALL_S) return false;
    const installer = ready;
    status.state = 'installing';
    // The installer may have waited hours in the data folder: what runs must be what was verified.
    if ((await sha512Base64(installer.file).catch(() => null)) !== installer.sha512) {
      fs.rmSync(installer.file, { force: true });
      ready = null;
      status.readyVersion = null;
      status.state = 'failed';
      status.lastError = 'the downloaded installer changed after it was verified';
      log.warn('update.refused', { version: installer.version, error: status.lastError, code: 'ERR_UPDATE_CHANGED_ON_DISK' });
      return false;
    }
    log.info('update.installing', { version: installer.version, kind });
    let relaunchPath = process.env.APPIMAGE ?? null;
    const onRenamed = (destination: string) => (relaunchPath = destination);
    kiosk.updater.on('appimage-filename-updated', onRenamed);
    // AppImage: isForceRunAfter=false, so electron-updater runs the new file only with
    // APPIMAGE_EXIT_AFTER_INSTALL (it exits at once) and app.relaunch starts it after we have quit.
    // NSIS: silent, and the installer starts the app when it is done.
    const started = kiosk.updater.install(true, kind === 'nsis');
    kiosk.updater.off('appimage-filename-updated', onRenamed);
    if (!started) {
      allowInstallRetry(kiosk.updater);
      ready = null;
      status.readyVersion = null;
      status.state = 'failed';
      status.lastError = 'the installer did not start';
      log.error('update.install_failed', { version: installer.version, kind });
      return false;
    }
    options.beforeInstall();
    if (kind === 'appimage' && relaunchPath) app.relaunch({ execPath: relaunchPath });
    app.quit();
    return true;
  }

  function nextCheckMs(): number {
    return status.failures === 0 ? CHECK_EVERY_MS : Math.min(CHECK_EVERY_MS, RETRY_FIRST_MS * 2 ** (status.failures - 1));
  }

  let cancelCheck = timers.after(FIRST_CHECK_MS, function scheduledCheck() {
    void checkNow().finally(() => {
      if (!stopped) cancelCheck = timers.after(nextCheckMs(), scheduledCheck);
    });
  });
  const cancelQuietPoll = timers.every(QUIET_POLL_MS, () => {
    installIfDue().catch((error: unknown) => log.error('update.install_failed', { error }));
  });

  return {
    stop() {
      stopped = true;
      cancelCheck();
      cancelQuietPoll();
      download?.cancel();
    },
    status: () => ({ ...status }),
    checkNow,
    installIfDue,
  };
}
