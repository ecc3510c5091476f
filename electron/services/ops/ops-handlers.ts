import path from 'node:path';
import type { opsCalls } from '../../contract/ops.js';
import { AppError } from '../../contract/result.js';
import { unpackedPath } from '../../core/app-paths.js';
import { schemaVersion } from '../../db/connection.js';
import type { WorkerHost } from '../../workers/worker-host.js';
import type { DomainHandlers, ServiceContext } from '../../core/service-context.js';
import { backupDir, createBackup, listBackups, type BackupInfo } from './backup.js';
import { runDoctor, type CameraReport, type DeviceProbe, type DoctorInputs, type DoctorReport } from './doctor.js';
import { lastRestoreDrill, runRestoreDrill } from './restore-drill.js';
import { writeSupportBundle } from './support-bundle.js';
import type { DisplayInfo } from '../../core/display-layout.js';

/** What only the Electron shell can do; absent in browser-hosted mode and tests. */
export interface KioskShell {
  exitKiosk(): void;
  /** The displays the shell sees, for the doctor's "Screens" line (two-screen counter). */
  displays?(): DisplayInfo[];
}

export interface OpsDeps {
  worker?: Pick<WorkerHost, 'request' | 'status'>;
  shell?: KioskShell | null;
  /** Live device and credential status from the devices and sync services, when they are wired. */
  opsProbes?: {
    printer?: DeviceProbe;
    scanner?: DeviceProbe;
    hqCredentials?: () => { present: boolean; detail: string };
  };
}

/** The models folder: a configured one (face.modelsDir) or the bundled, unpacked native-models/. */
export function modelsDirOf(ctx: Pick<ServiceContext, 'config'>): string {
  const configured = (ctx.config as unknown as { face?: { modelsDir?: string | null } }).face?.modelsDir;
  return configured ?? unpackedPath('native-models');
}

/** Inputs for the doctor from a running kiosk (the CLI builds its own in doctor-cli.ts). */
export function doctorInputsFromServices(ctx: ServiceContext, deps: OpsDeps, camera: CameraReport | null): DoctorInputs {
  const worker = deps.worker;
  return {
    dataDir: ctx.dataDir,
    config: ctx.config,
    appVersion: ctx.appVersion,
    db: ctx.db,
    modelsDir: modelsDirOf(ctx),
    now: () => ctx.clock.now(),
    camera,
    displays: deps.shell?.displays?.() ?? null,
    printer: deps.opsProbes?.printer ?? null,
    scanner: deps.opsProbes?.scanner ?? null,
    hqCredentials: deps.opsProbes?.hqCredentials ?? null,
    workerState: worker ? () => worker.status() : null,
    // Hash the model weights in the worker, off the thread that answers the UI; here if it is away.
    hashFiles:
      worker && worker.status().state === 'ready'
        ? (files) => worker.request<Record<string, string | null>>('files.sha256', { files }, { timeoutMs: 60_000 })
        : undefined,
  };
}

function toContract(b: BackupInfo) {
  return { fileName: b.fileName, createdAt: b.createdAt, sizeBytes: b.sizeBytes, schemaVersion: b.schemaVersion };
}

export function createOpsHandlers(ctx: ServiceContext, deps: OpsDeps): DomainHandlers<keyof typeof opsCalls> {
  let camera: CameraReport | null = null;
  const log = ctx.log.child('ops');
  const doctor = (): Promise<DoctorReport> => runDoctor(doctorInputsFromServices(ctx, deps, camera));

  return {
    'ops.runDoctor': async () => {
      const report = await doctor();
      log.info('ops.doctor', { overall: report.overall, failed: report.checks.filter((c) => c.status === 'fail').map((c) => c.id) });
      return report;
    },
    'ops.reportCamera': (args) => {
      camera = { ...args, reportedAt: ctx.clock.now().toISOString() };
      if (args.state !== 'ok') log.warn('ops.camera_problem', { state: args.state, detail: args.detail ?? null });
      return { recorded: true as const };
    },
    'ops.exportSupportBundle': async () => {
      const report = await doctor();
      const now = ctx.clock.now();
      const bundle = writeSupportBundle({ dataDir: ctx.dataDir, config: ctx.config, appVersion: ctx.appVersion, schemaVersion: schemaVersion(ctx.db), doctor: report, now });
      log.info('ops.support_bundle', { fileName: bundle.fileName, sizeBytes: bundle.sizeBytes });
      return { fileName: path.join('support', bundle.fileName), sizeBytes: bundle.sizeBytes, createdAt: now.toISOString() };
    },
    'ops.backupNow': async () => toContract(await createBackup({ db: ctx.db, dataDir: ctx.dataDir, config: ctx.config, now: ctx.clock.now(), log })),
    'ops.listBackups': () => ({ backups: listBackups(backupDir(ctx.dataDir, ctx.config)).map(toContract), lastDrill: lastRestoreDrill(ctx.dataDir, ctx.config) }),
    'ops.restoreDrill': async () => {
      const drill = await runRestoreDrill({ dataDir: ctx.dataDir, config: ctx.config, now: ctx.clock.now() });
      log.info('ops.restore_drill', { fileName: drill.fileName, isOk: drill.isOk, problem: drill.problem });
      return drill;
    },
    'ops.exitKiosk': (_args, call) => {
      if (!deps.shell) throw new AppError('UNAVAILABLE', 'Only the kiosk app can be exited this way', { retryable: false });
      log.warn('ops.staff_exit', { by: call.session?.staffId ?? null });
      const shell = deps.shell;
      // Let the answer reach the renderer before the window goes away.
      setTimeout(() => shell.exitKiosk(), 200);
      return { exiting: true };
    },
  };
}
