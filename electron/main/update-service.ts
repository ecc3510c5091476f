import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { app, powerMonitor } from 'electron';
import type { AppConfig } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import { compareVersions, downloadVerified, fetchRelease, isQuietHour, pickFile } from './update-feed.js';

const CHECK_EVERY_MS = 6 * 60 * 60_000;
const QUIET_POLL_MS = 5 * 60_000;
/** Nobody touched the counter for this long: nobody is mid-checkout. */
const IDLE_BEFORE_INSTALL_S = 10 * 60;

export interface UpdateService {
  stop(): void;
}

/**
 * Checks HQ's generic feed, downloads a newer installer in the background, and installs it only
 * in the configured quiet hours while the terminal is idle, so an update never interrupts a sale.
 *
 * - Windows (NSIS): runs the installer silently (`/S --force-run`), which restarts the app.
 *   A per-machine install needs admin rights: the kiosk account must be allowed to elevate,
 *   otherwise the update waits at a UAC prompt (docs/store-it.md).
 * - Linux AppImage: replaces the .AppImage file and relaunches.
 * - Linux deb: downloads and logs that IT must install it (`sudo apt install ./…deb`); the app
 *   cannot become root by itself.
 */
export function startUpdateService(options: { config: AppConfig; dataDir: string; log: Logger; beforeInstall: () => void }): UpdateService | null {
  const feed = options.config.kiosk.updateFeedUrl;
  if (!feed || !app.isPackaged) return null;
  const log = options.log;
  const kind = process.platform === 'win32' ? 'nsis' : process.env.APPIMAGE ? 'appimage' : process.platform === 'linux' ? 'deb' : null;
  if (!kind) return null;
  const dir = path.join(options.dataDir, 'updates');
  let ready: { version: string; file: string } | null = null;
  let busy = false;

  async function check(): Promise<void> {
    if (busy || ready) return;
    busy = true;
    try {
      const release = await fetchRelease(feed as string, process.platform);
      if (compareVersions(release.version, app.getVersion()) <= 0) return;
      const file = pickFile(release, kind as 'nsis' | 'appimage' | 'deb');
      if (!file) {
        log.warn('update.no_installer_for_platform', { version: release.version, kind });
        return;
      }
      log.info('update.downloading', { version: release.version });
      ready = { version: release.version, file: await downloadVerified(feed as string, file, dir) };
      log.info('update.downloaded', { version: release.version, kind, installs: kind === 'deb' ? 'by IT' : 'in quiet hours' });
    } catch (error) {
      log.warn('update.check_failed', { error: (error as Error).message });
    } finally {
      busy = false;
    }
  }

  function maybeInstall(): void {
    if (!ready || kind === 'deb') return;
    if (!isQuietHour(new Date(), options.config.kiosk.quietHours, options.config.store.timeZone)) return;
    if (powerMonitor.getSystemIdleTime() < IDLE_BEFORE_INSTALL_S) return;
    log.info('update.installing', { version: ready.version, kind });
    options.beforeInstall();
    if (kind === 'nsis') {
      spawn(ready.file, ['/S', '--force-run', '--updated'], { detached: true, stdio: 'ignore' }).unref();
      app.quit();
    } else if (kind === 'appimage' && process.env.APPIMAGE) {
      const target = process.env.APPIMAGE;
      const tmp = `${target}.new`;
      fs.copyFileSync(ready.file, tmp);
      fs.chmodSync(tmp, 0o755);
      fs.renameSync(tmp, target);
      app.relaunch({ execPath: target });
      app.exit(0);
    }
  }

  const first = setTimeout(() => void check(), 60_000);
  const checkTimer = setInterval(() => void check(), CHECK_EVERY_MS);
  const quietTimer = setInterval(maybeInstall, QUIET_POLL_MS);
  return {
    stop() {
      clearTimeout(first);
      clearInterval(checkTimer);
      clearInterval(quietTimer);
    },
  };
}
