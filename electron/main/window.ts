import { BrowserWindow, Menu, type BrowserWindowConstructorOptions, type Input, type Session, type WebContents } from 'electron';
import type { AppConfig } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import { APP_START_URL, isAppUrl } from './app-origin.js';

export interface KioskWindowOptions {
  kiosk: AppConfig['kiosk'];
  /** True in an installed app: dev tools follow the config (off by default), kiosk lockdown is on. */
  isProduction: boolean;
  preloadPath: string;
  log: Logger;
  startUrl?: string;
  /** Where the window goes (a display's bounds in a two-screen counter); absent = the main display. */
  bounds?: { x: number; y: number; width: number; height: number } | undefined;
  /** The hidden staff exit chord was pressed; the caller asks the renderer for the manager PIN. */
  onStaffExitChord?: () => void;
  /** Whether closing is allowed right now (only when the app itself is quitting). */
  isQuitting?: () => boolean;
}

/** Ctrl+Alt+Shift+K: hard to hit by accident on a counter keyboard, and not a browser shortcut. */
export function isStaffExitChord(input: Pick<Input, 'type' | 'control' | 'alt' | 'shift' | 'meta' | 'key'>): boolean {
  return input.type === 'keyDown' && input.control && input.alt && input.shift && input.key.toLowerCase() === 'k';
}

/** Browser shortcuts a member must not use to get out of the kiosk page (reload, dev tools, zoom, print). */
export function isBlockedShortcut(input: Pick<Input, 'type' | 'control' | 'alt' | 'shift' | 'meta' | 'key'>): boolean {
  if (input.type !== 'keyDown') return false;
  const key = input.key.toLowerCase();
  if (key === 'f5' || key === 'f11' || key === 'f12') return true;
  const mod = input.control || input.meta;
  if (mod && ['r', 'w', 'p', 'o', 's', 'n', 't', '+', '-', '=', '0'].includes(key)) return true;
  if (mod && input.shift && ['i', 'j', 'c'].includes(key)) return true;
  return false;
}

export function kioskWindowOptions(options: Pick<KioskWindowOptions, 'kiosk' | 'isProduction' | 'preloadPath' | 'bounds'>): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    // Full screen happens on the display the window is on: placing it there first picks the display.
    ...(options.bounds ?? {}),
    show: false,
    backgroundColor: '#101418',
    title: 'Member Kiosk',
    kiosk: options.kiosk.fullscreen,
    fullscreen: options.kiosk.fullscreen,
    autoHideMenuBar: true,
    frame: !options.kiosk.fullscreen,
    webPreferences: {
      preload: options.preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      // In production dev tools exist only if IT turned them on in config (off by default).
      devTools: options.isProduction ? options.kiosk.devTools : true,
    },
  };
}

/**
 * Denies every permission except the camera (and nothing but video) for our own origin:
 * no microphone, geolocation, notifications, USB/serial/HID from the page (devices are the services' job).
 */
export function lockDownSession(session: Session): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(isCameraRequestAllowed(permission, details.requestingUrl ?? contents.getURL(), (details as { mediaTypes?: string[] }).mediaTypes));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permission === 'media' && isAppUrl(requestingOrigin));
  session.setDevicePermissionHandler(() => false);
  session.on('will-download', (event) => event.preventDefault());
}

export function isCameraRequestAllowed(permission: string, requestingUrl: string, mediaTypes: string[] | undefined): boolean {
  if (permission !== 'media' || !isAppUrl(requestingUrl)) return false;
  const types = mediaTypes ?? [];
  return types.length > 0 && types.every((t) => t === 'video');
}

/** Keeps a webContents on our page: no navigation away, no new windows, no webviews. */
export function lockDownContents(contents: WebContents, log: Logger): void {
  // The UI routes in-page (history/hash), which never fires will-navigate: any navigation is a way out.
  const refuseNavigation = (event: { preventDefault(): void }, url: string) => {
    event.preventDefault();
    log.warn('window.navigation_blocked', { url: url.slice(0, 120) });
  };
  contents.on('will-navigate', (event, url) => refuseNavigation(event, url));
  contents.on('will-redirect', (event, url) => refuseNavigation(event, url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    log.warn('window.open_denied', { url: url.slice(0, 120) });
    return { action: 'deny' };
  });
}

/** Delays before reloading a crashed renderer: quick first, slower if it keeps crashing. */
export const CRASH_RELOAD_DELAYS_MS = [250, 1000, 5000, 15000, 60000];

/**
 * The kiosk window: sandboxed, locked to our origin, full screen without menus, reloaded after a
 * renderer crash. The services live in the main/utility processes, so a reload loses nothing.
 */
export function createKioskWindow(options: KioskWindowOptions): BrowserWindow {
  const win = new BrowserWindow(kioskWindowOptions(options));
  const contents = win.webContents;
  if (options.isProduction || options.kiosk.fullscreen) {
    Menu.setApplicationMenu(null);
    win.setMenuBarVisibility(false);
  }
  lockDownContents(contents, options.log);

  contents.on('before-input-event', (event, input) => {
    if (isStaffExitChord(input)) {
      event.preventDefault();
      options.onStaffExitChord?.();
      return;
    }
    if (options.isProduction && isBlockedShortcut(input)) event.preventDefault();
  });

  let crashes = 0;
  let lastCrashAt = 0;
  contents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit') return;
    const now = Date.now();
    crashes = now - lastCrashAt > 10 * 60_000 ? 1 : crashes + 1;
    lastCrashAt = now;
    const delay = CRASH_RELOAD_DELAYS_MS[Math.min(crashes - 1, CRASH_RELOAD_DELAYS_MS.length - 1)] ?? 60000;
    options.log.error('window.renderer_gone', { reason: details.reason, exitCode: details.exitCode, crashes, reloadInMs: delay });
    setTimeout(() => {
      if (!win.isDestroyed()) contents.reload();
    }, delay);
  });
  contents.on('unresponsive', () => options.log.warn('window.unresponsive', {}));

  win.on('close', (event) => {
    // Alt+F4 and friends: in production only the app itself (staff exit, update, OS shutdown) closes the window.
    if (options.isProduction && !(options.isQuitting?.() ?? false)) event.preventDefault();
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(options.startUrl ?? APP_START_URL).catch((error: unknown) => {
    options.log.error('window.load_failed', { error: error instanceof Error ? error.message : String(error) });
  });
  return win;
}
