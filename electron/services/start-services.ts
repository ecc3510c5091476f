import path from 'node:path';
import { AppError } from '../contract/result.js';
import { loadConfig, type AppConfig } from '../core/config.js';
import { DB_FILE_NAME, ensureDataDir } from '../core/data-dir.js';
import { createDispatcher, type Dispatcher } from '../core/dispatcher.js';
import { EventBus } from '../core/event-bus.js';
import { createLogger, type Logger } from '../core/logger.js';
import { systemClock, type Clock } from '../core/clock.js';
import { appVersion, workerEntry } from '../core/app-paths.js';
import { CleanupStack } from '../core/cleanup-stack.js';
import { openDatabase, type Db } from '../db/connection.js';
import type { Handlers } from '../contract/handlers.js';
import { createWorkerHost, type WorkerHost } from '../workers/worker-host.js';
import type { SpawnWorker } from '../workers/worker-protocol.js';
import { threadWorkerSpawner } from '../workers/thread-worker.js';
import type { ServiceContext } from '../core/service-context.js';
import { createHandlers } from './index.js';
import { seedDemo } from './demo/seed-demo.js';
import { createMembershipApi, type MembershipApi } from './membership/membership-api.js';
import type { KioskShell, OpsDeps } from './ops/ops-handlers.js';
import { cleanBackupLeftovers } from './ops/backup.js';
import { scheduleBackups } from './ops/backup-schedule.js';
import { startDevices, type DevicesRuntime } from './devices/devices-runtime.js';
import type { CheckInByCode } from './devices/scanner-service.js';
import { startSync, type SyncHooks, type SyncRuntime } from './sync/sync-service.js';
import { startFace, type FaceStartOptions } from './face/face-runtime.js';
import type { FaceService } from './face/face-service.js';
import { fileKeyProvider } from './face/file-key-provider.js';
import type { TemplateKeyProvider } from './face/template-crypto.js';
import { erasedMemberIds, FACE_VAULT_FILE, logErasure, openFaceVault } from './face/face-vault.js';
import { applyHqCatalogueVersion, currentHqCatalogueVersion, startHqCatalogueTimer } from './catalogue/catalogue-hq.js';

export interface StartOptions {
  dataDir: string;
  transport: ServiceContext['transport'];
  configOverrides?: Record<string, unknown>;
  /** Seed a small, realistic store on first start so a newcomer sees a living system. */
  demo?: boolean;
  log?: Logger;
  clock?: Clock;
  /** How to start the heavy-work worker: a thread by default, an Electron utility process in the app. */
  spawnWorker?: (entry: URL) => SpawnWorker;
  validateResults?: boolean;
  /** What only the Electron shell can do (the staff exit); null elsewhere. */
  shell?: KioskShell | null;
  /** Live device/credential status for the doctor, from the devices and sync services. */
  opsProbes?: OpsDeps['opsProbes'];
  /** Check-in by a scanned member code (membership's checkinByCode); scans are refused until wired. */
  checkInByCode?: CheckInByCode;
  /** Sync's hooks into other domains (e.g. applyErasure → membership); also settable later via sync.setHooks. */
  syncHooks?: SyncHooks;
  /** Where the staff PIN lookup key comes from (safeStorage in the app); default: the 0600 file keys/staff-pin-lookup.key. */
  pinKeyProvider?: TemplateKeyProvider;
  /** Face engine wiring: template key provider (Electron safeStorage in the app), consent checks. */
  face?: FaceStartOptions;
  /**
   * Test seam, run before each stage: a test throws from it to fail that stage and prove what a failure
   * there leaves behind. For stages with no real failure a test can provoke (database and worker have).
   */
  beforeStageForTest?: (stage: StartStage) => void | Promise<void>;
}

export interface RunningServices {
  ctx: ServiceContext;
  config: AppConfig;
  db: Db;
  events: EventBus;
  handlers: Handlers;
  dispatcher: Dispatcher;
  worker: WorkerHost;
  log: Logger;
  /** Printer queue and scanner: other services enqueue tickets/receipts through devices.printing. */
  devices: DevicesRuntime;
  /** Uploader + downlink with HQ (idle when hq.url is not configured or the device is not provisioned). */
  sync: SyncRuntime;
  /** On-device face engine (inference in the kiosk worker; index and decisions here). */
  face: FaceService;
  /** Membership as other domains use it (scanner check-in, HQ erasure, periodic jobs). */
  membershipApi: MembershipApi;
  /**
   * Stops everything, last started first. Safe to call twice or concurrently (one shutdown, same
   * promise). Every step runs even if one fails; a failing step is logged (services.close_failed),
   * never thrown: callers close on their way out (app quit, SIGTERM) and must get there.
   */
  close(): Promise<void>;
}

/**
 * The order services start in; clean-up runs in the reverse order. Face starts before sync so an
 * erasure pulled from HQ always reaches the face templates, and sync stops before face on the way down.
 */
export const PIN_LOOKUP_KEY_FILE = path.join('keys', 'staff-pin-lookup.key');

export const START_STAGES = ['database', 'worker', 'demo', 'membership', 'devices', 'face', 'sync', 'handlers', 'backups', 'maintenance', 'dispatcher'] as const;
export type StartStage = (typeof START_STAGES)[number];

/**
 * Opens the store database the way start-up does: first what a killed backup or restore left behind
 * is removed (no backup can be running yet), then the database is opened 0600 and migrated. The
 * caller has made the data folder (ensureDataDir). Exported for the kill -9 tests' restarts.
 */
export function openStore(dataDir: string, config: AppConfig, log: Logger): Db {
  const leftovers = cleanBackupLeftovers(dataDir, config);
  if (leftovers.length > 0) log.warn('backup.leftovers_removed', { count: leftovers.length });
  return openDatabase(path.join(dataDir, DB_FILE_NAME));
}

/**
 * Starts every service over the store's data directory. The same function runs behind Electron IPC,
 * behind the browser-hosted HTTP server and in tests; it never imports Electron.
 *
 * Each stage registers how to undo itself as soon as it has something to undo. If a stage fails,
 * everything already started is closed (worker, timers, devices, database …) and the stage's own
 * error is rethrown; a clean-up failure is logged, never thrown in its place.
 */
export async function startServices(options: StartOptions): Promise<RunningServices> {
  const dataDir = ensureDataDir(options.dataDir);
  const config = loadConfig(dataDir, options.configOverrides ?? {});
  const log = options.log ?? createLogger({ level: config.log.level });
  const clock = options.clock ?? systemClock;
  const events = new EventBus();
  const cleanup = new CleanupStack();
  let closing: Promise<void> | null = null;

  let db!: Db;
  let vault!: Db;
  let worker!: WorkerHost;
  let ctx!: ServiceContext;
  let membershipApi!: MembershipApi;
  let devices!: DevicesRuntime;
  let faceService!: FaceService;
  let sync!: SyncRuntime;
  let handlers!: Handlers;
  let dispatcher!: Dispatcher;

  // Membership is what the other domains act on: a scanned code checks a member in, HQ's erasure
  // erases here, and erasure or retention removes face templates. Face starts after the API exists,
  // so the API reaches it through these late-bound functions.
  let face: FaceService | null = null;
  const faceDeps = {
    confirmedFaceMember: (faceSessionId: string) => face?.getConfirmedMatch(faceSessionId)?.memberId ?? null,
    eraseFaceData: (memberId: string) => face?.deleteTemplatesForMember(memberId) ?? 0,
    countPeopleWithFaceData: () => face?.countPeopleWithFaceData() ?? 0,
    faceMatchConfidence: (faceSessionId: string) => face?.getConfirmedMatch(faceSessionId)?.confidence ?? null,
    identityConfirmed: (memberId: string, method: 'phone' | 'qr', checkinId: string) => void face?.noteConfirmedCheckin(memberId, method, checkinId),
    faceVisitConfirmed: (faceSessionId: string, memberId: string) => void face?.learnFromVisit(faceSessionId, memberId),
    recordErasure: (memberId: string, at: string) => logErasure(vault, memberId, at),
    purgeExpiredFaceRejections: () => face?.purgeExpiredRejections() ?? 0,
    // The staff PIN lookup key lives beside the other keys (0600 file), never in the database.
    pinLookupKey: () => (pinKey ??= (options.pinKeyProvider ?? fileKeyProvider(path.join(dataDir, PIN_LOOKUP_KEY_FILE))).getKey()),
  };
  let pinKey: Buffer | undefined;

  const stages: Record<StartStage, () => void | Promise<void>> = {
    database() {
      db = openStore(dataDir, config, log);
      cleanup.defer('database', () => void db.close());
      // Per-member face keys and the erasure log: beside the keys, never inside a backup.
      vault = openFaceVault(path.join(dataDir, FACE_VAULT_FILE));
      cleanup.defer('database', () => void vault.close());
      ctx = { db, config, dataDir, log, events, clock, transport: options.transport, appVersion: appVersion(), startedAt: clock.now(), isDemo: false };
    },
    worker() {
      const spawn = (options.spawnWorker ?? ((entry: URL) => threadWorkerSpawner(entry)))(workerEntry('kiosk-worker'));
      worker = createWorkerHost(spawn, { name: 'kiosk', log: log.child('worker') });
      cleanup.defer('worker', () => worker.close());
      worker.onStatus((status) => events.emit('system.workerStatus', status));
    },
    demo() {
      try {
        if (options.demo) {
          seedDemo(ctx, { pinLookupKey: faceDeps.pinLookupKey });
          ctx.isDemo = true;
        } else {
          ctx.isDemo = isDemoDatabase(db);
        }
      } catch (error) {
        throw error instanceof AppError ? error : new AppError('INTERNAL', `Demo seeding failed: ${(error as Error).message}`, { cause: error });
      }
    },
    membership() {
      membershipApi = createMembershipApi(ctx, faceDeps);
    },
    devices() {
      const checkInByCode: CheckInByCode =
        options.checkInByCode ?? ((code, meta) => ({ memberDisplayName: membershipApi.checkinByCode(code, `scan:${meta.scanId}`).greeting.name }));
      devices = startDevices(ctx, { checkInByCode });
      cleanup.defer('devices', () => devices.close());
    },
    async face() {
      faceService = await startFace(ctx, worker, { hasFaceConsent: (memberId) => membershipApi.hasFaceConsent(memberId), vault, ...options.face });
      cleanup.defer('face', () => faceService.close());
      face = faceService;
      // A restored backup may hold members erased after it was made: erase them again (face is up, so
      // their templates go too).
      const reapplied = erasedMemberIds(vault).filter((memberId) => membershipApi.reapplyErasure(memberId)).length;
      if (reapplied > 0) log.warn('membership.erasures_reapplied', { count: reapplied });
    },
    sync() {
      sync = startSync(ctx, {
        applyErasure: (memberId) => membershipApi.applyErasure(memberId),
        // A count only: no face data leaves the store.
        deviceFacts: () => ({ modelVersion: face?.getStatus().modelVersion ?? null, faceDataPeople: faceDeps.countPeopleWithFaceData(), rulesVersion: membershipApi.activeHqRulesVersion() }),
        applyRulesVersion: (change) => void membershipApi.applyHqRulesVersion(change),
        applyCoupon: (coupon) => void membershipApi.applyHqCoupon(coupon),
        applyCatalogueVersion: (change) => void applyHqCatalogueVersion(ctx, change),
        // After the page committed: the cashier's grid lists the catalogue again.
        onChainObjectsChanged: (types) => {
          if (types.has('catalogue_version')) ctx.events.emit('catalogue.changed', { hqVersion: currentHqCatalogueVersion(ctx.db, ctx.clock) });
        },
        ...options.syncHooks,
      });
      cleanup.defer('sync', () => sync.close());
    },
    handlers() {
      handlers = createHandlers(ctx, {
        workerStatus: () => worker.status(),
        worker,
        shell: options.shell ?? null,
        opsProbes: { ...devices.opsProbes, hqCredentials: () => sync.credentialsProbe(), ...options.opsProbes },
        devices,
        sync,
        face: faceService,
        isJustJoined: (memberId, clientId) => membershipApi.isJustJoined(memberId, clientId),
        membershipApi,
        ...faceDeps,
      });
    },
    backups() {
      // Tests (in-process) back up explicitly; the app and the browser host on their schedule.
      if (!config.backup.enabled || options.transport === 'in-process') return;
      const backups = scheduleBackups({ db, dataDir, config, log: log.child('backup') });
      cleanup.defer('backups', () => backups.stop());
    },
    maintenance() {
      // Points expiry, tier re-evaluation and retention every 6 hours (tests call loyalty.runMaintenance instead).
      if (options.transport === 'in-process') return;
      cleanup.defer('maintenance', membershipApi.startMaintenanceTimer());
      // An HQ catalogue version whose start passed takes effect within a minute (issue 15).
      cleanup.defer('maintenance', startHqCatalogueTimer(ctx));
    },
    dispatcher() {
      dispatcher = createDispatcher(handlers, log.child('contract'), { validateResults: options.validateResults ?? false });
    },
  };

  for (const stage of START_STAGES) {
    try {
      await options.beforeStageForTest?.(stage);
      await stages[stage]();
    } catch (error) {
      const failures = await cleanup.unwind();
      // The caller reports the start error itself (one clear message); clean-up failures would be lost.
      for (const f of failures) log.error('services.cleanup_failed', { afterFailedStage: stage, step: f.step, error: describe(f.error) });
      throw error;
    }
  }
  log.info('services.started', { transport: options.transport, storeId: config.store.id, demo: ctx.isDemo });

  return {
    ctx,
    config,
    db,
    events,
    handlers,
    dispatcher,
    worker,
    log,
    devices,
    sync,
    face: faceService,
    membershipApi,
    close() {
      closing ??= cleanup.unwind().then((failures) => {
        for (const f of failures) log.error('services.close_failed', { step: f.step, error: describe(f.error) });
      });
      return closing;
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isDemoDatabase(db: Db): boolean {
  const row = db.prepare("SELECT value FROM meta WHERE key = 'demo_seeded_at'").get() as { value: string } | undefined;
  return row !== undefined;
}
