/**
 * electron-updater set up for the kiosk: its generic provider pointed at HQ's feed, the download
 * cache and staging id in the data folder, and a release-signature gate on every download.
 * update-service.ts decides when to check and when to install.
 *
 * The seams, chosen from electron-updater 6.8's source:
 * - AppAdapter: ours, so the staging id (`.updaterId`, which decides this terminal's place in a
 *   staged roll-out) and the download cache live in the kiosk's data folder, and app-update.yml
 *   is read from the resources folder electron-builder writes it into.
 * - The HTTP client: given an AppAdapter, electron-updater leaves its `httpExecutor` unset (it makes
 *   an ElectronHttpExecutor only together with its own Electron adapter), so we set it: Electron's
 *   net stack in the app (system proxy, OS certificate store), a Node client in tests, which have
 *   no Electron runtime. The field is internal (not in electron-updater's .d.ts);
 *   `attachHttpExecutor` fails loudly should a later version rename it.
 * - `executeDownload` (protected): the NSIS, AppImage and deb updaters all download through it. It
 *   runs the download task into a temp file, then gives the file its final name and announces
 *   `update-downloaded`; on a throw it deletes the file. Wrapping the task puts our Ed25519 check
 *   inside it, so a refused installer never counts as downloaded. `NsisUpdater.verifyUpdateCodeSignature`
 *   is not that seam: it runs only on Windows and only when app-update.yml names a publisher. On
 *   Windows both run: electron-updater's Authenticode check against `publisherName` first (inside
 *   the NSIS task), then ours.
 * - An installer electron-updater takes from its cache (downloaded by an earlier run) skips the
 *   download task, so the service asks the gate to `confirm` every downloaded file again.
 */
import type { KeyObject } from 'node:crypto';
import fs from 'node:fs';
import type { OutgoingHttpHeaders } from 'node:http';
import path from 'node:path';
import type { HttpExecutor } from 'builder-util-runtime';
import type { App } from 'electron';
import electronUpdater, { type BaseUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter.js';
import type { DownloadExecutorResult, DownloadExecutorTask } from 'electron-updater/out/AppUpdater.js';
import type { Logger } from '../core/logger.js';
import { parseSignatureFile, sha512Base64, UpdateSignatureError, verifyInstallerSignature } from './update-signature.js';

const { AppImageUpdater, CancellationToken, DebUpdater, NsisUpdater } = electronUpdater;

/** How this installation updates: the NSIS installer, the AppImage file, or a deb IT installs. */
export type InstallKind = 'nsis' | 'appimage' | 'deb';

/** Any of builder-util-runtime's HTTP clients; electron-updater types its own as HttpExecutor<any>. */
export type UpdateHttp = HttpExecutor<any>;

export interface VerifiedInstaller {
  file: string;
  version: string;
  sha512: string;
  keyId: string;
}

export interface KioskUpdater {
  kind: InstallKind;
  updater: BaseUpdater;
  gate: ReleaseGate;
}

/**
 * Like electron-updater's own choice (main.ts `autoUpdater`): NSIS on Windows; on Linux the
 * AppImage it runs from, else the package type electron-builder wrote into the resources folder.
 */
export function detectInstallKind(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, resourcesPath: string): InstallKind | null {
  if (platform === 'win32') return 'nsis';
  if (platform !== 'linux') return null;
  if (env.APPIMAGE) return 'appimage';
  try {
    return fs.readFileSync(path.join(resourcesPath, 'package-type'), 'utf8').trim() === 'deb' ? 'deb' : null;
  } catch {
    return null; // no package-type file: not an installation electron-builder made
  }
}

type KioskApp = Pick<App, 'getVersion' | 'getName' | 'isPackaged' | 'whenReady' | 'relaunch' | 'quit' | 'once'>;

export function kioskAppAdapter(app: KioskApp, paths: { dataDir: string; resourcesPath: string }): AppAdapter {
  return {
    get version() {
      return app.getVersion();
    },
    get name() {
      return app.getName();
    },
    get isPackaged() {
      return app.isPackaged;
    },
    appUpdateConfigPath: path.join(paths.resourcesPath, 'app-update.yml'),
    userDataPath: paths.dataDir,
    // electron-updater adds app-update.yml's updaterCacheDirName: <data>/member-kiosk-updater/pending/
    baseCachePath: paths.dataDir,
    whenReady: () => app.whenReady(),
    relaunch: () => app.relaunch(),
    quit: () => app.quit(),
    onQuit: (handler) => {
      app.once('quit', (_event, exitCode) => handler(exitCode));
    },
  };
}

/**
 * Refuses any installer without a valid Ed25519 signature from a trusted key (`<installer>.sig`
 * beside it in the feed), fetched with the updater's own HTTP client and headers.
 */
export class ReleaseGate {
  private lastSource: { version: string; url: URL; headers: OutgoingHttpHeaders } | null = null;

  constructor(
    private readonly http: UpdateHttp,
    private readonly trustedKeys: ReadonlyMap<string, KeyObject>,
  ) {}

  /** The download task, followed by the signature check on the file it wrote. */
  guard(options: DownloadExecutorTask): DownloadExecutorTask {
    const source = {
      version: options.downloadUpdateOptions.updateInfoAndProvider.info.version,
      url: options.fileInfo.url,
      headers: options.downloadUpdateOptions.requestHeaders,
    };
    this.lastSource = source;
    const token = options.downloadUpdateOptions.cancellationToken;
    return {
      ...options,
      task: async (destination, downloadOptions, packageFile, removeTempDirIfAny) => {
        await options.task(destination, downloadOptions, packageFile, removeTempDirIfAny);
        await this.verify(destination, source, token);
      },
    };
  }

  /** Checks a file electron-updater reports as downloaded, also one it took from its cache. */
  async confirm(file: string, version: string): Promise<VerifiedInstaller> {
    const source = this.lastSource;
    if (!source || source.version !== version) throw new UpdateSignatureError(`version ${version} was not downloaded through the gate`);
    return this.verify(file, source, new CancellationToken());
  }

  private async verify(file: string, source: { version: string; url: URL; headers: OutgoingHttpHeaders }, token: InstanceType<typeof CancellationToken>): Promise<VerifiedInstaller> {
    const name = path.basename(decodeURIComponent(source.url.pathname));
    const sigUrl = new URL(source.url.href);
    sigUrl.pathname += '.sig';
    let bytes: Buffer;
    try {
      bytes = await this.http.downloadToBuffer(sigUrl, { headers: source.headers, cancellationToken: token });
    } catch (error) {
      if (token.cancelled) throw error;
      throw new UpdateSignatureError(`${name} ${source.version} refused: no signature (${firstLine(error)})`);
    }
    const signature = parseSignatureFile(bytes);
    const sha512 = await sha512Base64(file);
    const verdict = verifyInstallerSignature({ signature, version: source.version, sha512, trustedKeys: this.trustedKeys });
    if (!verdict.ok) throw new UpdateSignatureError(`${name} ${source.version} refused: ${verdict.reason}`);
    return { file, version: source.version, sha512, keyId: verdict.keyId };
  }
}

class SignedNsisUpdater extends NsisUpdater {
  constructor(
    app: AppAdapter,
    private readonly gate: ReleaseGate,
  ) {
    super(null, app);
  }
  protected override executeDownload(task: DownloadExecutorTask): Promise<DownloadExecutorResult> {
    return super.executeDownload(this.gate.guard(task));
  }
}

class SignedAppImageUpdater extends AppImageUpdater {
  constructor(
    app: AppAdapter,
    private readonly gate: ReleaseGate,
  ) {
    super(null, app);
  }
  protected override executeDownload(task: DownloadExecutorTask): Promise<DownloadExecutorResult> {
    return super.executeDownload(this.gate.guard(task));
  }
}

class SignedDebUpdater extends DebUpdater {
  constructor(
    app: AppAdapter,
    private readonly gate: ReleaseGate,
  ) {
    super(null, app);
  }
  protected override executeDownload(task: DownloadExecutorTask): Promise<DownloadExecutorResult> {
    return super.executeDownload(this.gate.guard(task));
  }
}

function attachHttpExecutor(updater: BaseUpdater, http: UpdateHttp): void {
  const internals = updater as unknown as Record<string, unknown>;
  if (!('httpExecutor' in internals)) throw new Error('electron-updater no longer has an httpExecutor field: review kiosk-updater.ts against its source');
  internals.httpExecutor = http;
}

/**
 * install() marks the updater as installing and, unlike quitAndInstall() (which we do not use: it
 * quits through require('electron') before we can arrange the relaunch), never clears the mark
 * when the installer did not start, which would refuse every later install until a restart.
 */
export function allowInstallRetry(updater: BaseUpdater): void {
  (updater as unknown as { quitAndInstallCalled: boolean }).quitAndInstallCalled = false;
}

export function createKioskUpdater(options: {
  kind: InstallKind;
  app: AppAdapter;
  http: UpdateHttp;
  feedUrl: string;
  trustedKeys: ReadonlyMap<string, KeyObject>;
  log: Logger;
}): KioskUpdater {
  const { kind, app, log } = options;
  const gate = new ReleaseGate(options.http, options.trustedKeys);
  const updater = kind === 'nsis' ? new SignedNsisUpdater(app, gate) : kind === 'appimage' ? new SignedAppImageUpdater(app, gate) : new SignedDebUpdater(app, gate);
  // Before setFeedURL: the provider captures the HTTP client when it is created.
  attachHttpExecutor(updater, options.http);
  updater.logger = libraryLogger(log);
  // The service downloads explicitly (so stop() can cancel) and installs only in the quiet hours,
  // after its own checks: never as a side effect of an ordinary quit.
  updater.autoDownload = false;
  updater.autoInstallOnAppQuit = false;
  updater.allowDowngrade = false;
  // A web installer's separate payload package would not pass through the gate; we build none.
  updater.disableWebInstaller = true;
  updater.setFeedURL({ provider: 'generic', url: options.feedUrl });

  // electron-updater's own staged roll-out (stagingPercentage vs the staging id), only made visible.
  const isWithinRollout = updater.isUserWithinRollout;
  updater.isUserWithinRollout = async (info) => {
    const within = await isWithinRollout(info);
    if (!within && updater.currentVersion.compare(info.version) < 0) {
      log.info('update.not_in_rollout', { version: info.version, stagingPercentage: info.stagingPercentage ?? null });
    }
    return within;
  };
  return { kind, updater, gate };
}

/** electron-updater's own lines, as detail under our outcome events (update.downloaded, update.refused …). */
function libraryLogger(log: Logger) {
  const write = (libraryLevel: string) => (message?: unknown) => {
    const fields = { libraryLevel, message: message instanceof Error ? message.message : String(message) };
    if (libraryLevel === 'info' || libraryLevel === 'debug') log.debug('update.library', fields);
    else log.info('update.library', fields);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
