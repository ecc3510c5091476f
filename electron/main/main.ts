/**
 * The Electron main process: lifecycle and windows only, no business logic. The services are the
 * same plain Node modules the browser-hosted mode runs; heavy work runs in a utility process.
 *
 * Order matters: the app:// scheme is registered before 'ready', the single-instance lock is taken
 * before anything opens the database, and the window is created only after the IPC handler exists.
 */
import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, screen, session } from 'electron';
import { appRoot, rendererDistDir } from '../core/app-paths.js';
import { createAppLogger } from '../services/ops/log-files.js';
import { startServices, type RunningServices } from '../services/start-services.js';
import { isAppError } from '../contract/result.js';
import { runCliDoctor } from '../services/ops/doctor-cli.js';
import { formatReport } from '../services/ops/doctor.js';
import { handleAppProtocol, registerAppScheme } from './app-protocol.js';
import { applyAutostart } from './autostart.js';
import { attachIpcTransport, type IpcTransport } from './ipc-transport.js';
import { startUpdateService, type UpdateService } from './update-service.js';
import { utilityProcessSpawner } from './utility-worker.js';
import { createSafeStorageKeyProvider, createSafeStoragePinKeyProvider } from './safe-storage-key.js';
import { createKioskWindow, lockDownSession } from './window.js';
import { APP_START_URL } from './app-origin.js';
import { chooseDisplays } from '../core/display-layout.js';

registerAppScheme();

let services: RunningServices | null = null;
let transport: IpcTransport | null = null;
let updates: UpdateService | null = null;
let mainWindow: BrowserWindow | null = null;
/** The customer-facing window of a two-screen counter (null on one screen). */
let customerWindow: BrowserWindow | null = null;
let isQuitting = false;

export function preloadPath(): string {
  return path.join(appRoot(), 'build', 'preload', 'preload.cjs');
}

/**
 * The staff exit: reached only through `ops.exitKiosk`, which the dispatcher allows only for a
 * client with a manager session (the renderer signs the manager in with their PIN first).
 */
export function exitKioskForStaff(): void {
  services?.log.info('shell.staff_exit', {});
  isQuitting = true;
  app.quit();
}

/** The hidden chord was pressed: ask the renderer to show the manager PIN prompt. */
function requestStaffExit(): void {
  services?.events.emit('ops.exitRequested', { at: new Date().toISOString() });
}

/** The displays Electron sees now (the doctor's "Screens" line and the window layout read the same list). */
function currentDisplays() {
  const primaryId = screen.getPrimaryDisplay().id;
  return screen.getAllDisplays().map((d) => ({ id: d.id, bounds: d.bounds, isPrimary: d.id === primaryId }));
}

async function boot(): Promise<void> {
  const dataDir = process.env.KIOSK_DATA_DIR ?? app.getPath('userData');
  const log = createAppLogger(dataDir);
  services = await startServices({
    dataDir,
    transport: 'electron',
    demo: process.argv.includes('--demo'),
    log,
    spawnWorker: (entry) => utilityProcessSpawner(entry),
    shell: { exitKiosk: exitKioskForStaff, displays: currentDisplays },
    // Face templates are encrypted with a key the OS keychain protects (safeStorage), not a plain file.
    face: { keyProvider: createSafeStorageKeyProvider(dataDir, log.child('keys')) },
    // So is the staff PIN lookup key: a copy of the data folder alone cannot recompute PIN tags.
    pinKeyProvider: createSafeStoragePinKeyProvider(dataDir, log.child('keys')),
  });
  const config = services.config;
  const isProduction = app.isPackaged;

  handleAppProtocol(session.defaultSession, rendererDistDir());
  lockDownSession(session.defaultSession);
  transport = attachIpcTransport({ dispatcher: services.dispatcher, events: services.events, log: log.child('ipc') });
  applyAutostart(config.kiosk.autostart, log.child('shell'));

  // One process, one or two windows: the cashier console and the customer display on a two-screen
  // counter, the self-service kiosk on one screen (electron/core/display-layout.ts; `npm run doctor`).
  const layout = chooseDisplays(currentDisplays(), config.kiosk);
  log.info('window.layout', { mode: layout.mode, reason: layout.reason });
  const windowOptions = { kiosk: config.kiosk, isProduction, preloadPath: preloadPath(), log: log.child('window'), onStaffExitChord: requestStaffExit, isQuitting: () => isQuitting };
  if (layout.mode === 'dual') {
    mainWindow = createKioskWindow({ ...windowOptions, bounds: layout.cashier.bounds, startUrl: `${APP_START_URL}#/cashier` });
    customerWindow = createKioskWindow({ ...windowOptions, bounds: layout.customer.bounds, startUrl: `${APP_START_URL}?mode=kiosk#/kiosk` });
    transport.addWindow(customerWindow.webContents);
    customerWindow.on('closed', () => {
      customerWindow = null;
    });
  } else {
    mainWindow = createKioskWindow({ ...windowOptions, bounds: layout.kiosk.bounds });
  }
  transport.addWindow(mainWindow.webContents);
  mainWindow.on('closed', () => {
    mainWindow = null;
  });

  updates = startUpdateService({
    config,
    dataDir,
    log: log.child('update'),
    beforeInstall: () => {
      isQuitting = true;
    },
  });
}

/** A start-up failure (bad config, database from a newer app, unusable data folder) is shown, not a stack trace. */
function showFatal(error: unknown): void {
  const message = isAppError(error) ? `${error.code}\n\n${error.message}` : error instanceof Error ? error.message : String(error);
  dialog.showErrorBox('Member Kiosk cannot start', message);
  app.exit(1);
}

/**
 * `Member Kiosk --doctor [--json]`: the health report from an installed app (no Node or npm on a
 * shop PC). Read-only, so it runs beside the kiosk and takes no instance lock. A Windows GUI app
 * has no console, so the report is also written to <userData>/doctor-report.txt (or .json).
 */
async function runDoctorMode(): Promise<void> {
  const dataDir = process.env.KIOSK_DATA_DIR ?? app.getPath('userData');
  const json = process.argv.includes('--json');
  const report = await runCliDoctor(dataDir);
  const text = json ? JSON.stringify(report, null, 2) : formatReport(report);
  process.stdout.write(`${text}\n`);
  try {
    fs.writeFileSync(path.join(dataDir, json ? 'doctor-report.json' : 'doctor-report.txt'), `${text}\n`);
  } catch {
    // the report on stdout is what matters; an unwritable folder is one of the checks anyway
  }
  app.exit(report.overall === 'fail' ? 1 : 0);
}

if (process.argv.includes('--doctor')) {
  runDoctorMode().catch((error: unknown) => {
    process.stderr.write(`doctor failed: ${error instanceof Error ? error.message : String(error)}\n`);
    app.exit(1);
  });
} else if (!app.requestSingleInstanceLock()) {
  // Another kiosk is running on this terminal: it owns the database. Hand over and leave.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());
  // A main-process crash would leave the counter dark until someone logs in again: log it and come
  // back by ourselves, unless it happens right at start (a crash loop must stop and show the error).
  process.on('uncaughtException', (error) => {
    services?.log.error('shell.uncaught_exception', { error });
    if (process.uptime() > 60 && app.isPackaged) {
      app.relaunch();
      app.exit(1);
    } else {
      showFatal(error);
    }
  });
  app.on('child-process-gone', (_event, details) => {
    services?.log.warn('shell.child_process_gone', { type: details.type, reason: details.reason, exitCode: details.exitCode });
  });
  app.on('before-quit', () => {
    isQuitting = true;
  });
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed || !services) return;
    // Close the database and worker cleanly (WAL checkpoint) before the process goes away.
    event.preventDefault();
    closed = true;
    updates?.stop();
    transport?.close();
    const running = services;
    services = null;
    void running.close().finally(() => app.quit());
  });
  app.whenReady().then(boot).catch(showFatal);
}
