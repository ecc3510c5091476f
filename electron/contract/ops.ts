import { z } from 'zod';
import { call } from './define.js';

/**
 * Store IT's calls: the health report ("doctor"), the support bundle, backups and the staff exit
 * from the kiosk shell. Nothing here carries personal or biometric data.
 */
export const checkStatusSchema = z.enum(['ok', 'warn', 'fail', 'skip']);

/**
 * What a health check found and what to do, as codes with parameters: the renderer words them in
 * the reader's language from its catalogue (renderer/src/i18n/errors/doctor-findings.ts); the
 * English sentences (summary/action) stay for the CLI and the support bundle.
 */
export const doctorFindingCodes = [
  'camera.cli', 'camera.unreported', 'camera.ok', 'camera.none', 'camera.denied', 'camera.error',
  'printer.notConfigured', 'printer.configuredElsewhere', 'printer.connected', 'printer.unreachable',
  'scanner.notConfigured', 'scanner.configuredElsewhere', 'scanner.connected', 'scanner.unreachable',
  'models.manifestUnreadable', 'models.ok', 'models.damaged',
  'database.cannotOpen', 'database.integrityOk', 'database.integrityProblems', 'database.schemaCurrent', 'database.schemaUpgrade', 'database.schemaTooNew',
  'dataDir.missing', 'dataDir.writable', 'dataDir.notWritable', 'disk.low', 'disk.warn', 'disk.ok',
  'backup.off', 'backup.none', 'backup.old', 'backup.ok',
  'worker.app', 'worker.ready', 'worker.down', 'worker.notReady',
  'screens.configured', 'screens.dual', 'screens.single',
  'check.failed',
  'hq.none', 'hq.unreachable', 'hq.unhealthy', 'hq.ok',
  'clock.noHq', 'clock.hqUnreachable', 'clock.notReported', 'clock.ahead', 'clock.behind', 'clock.ok',
  'credentials.noHq', 'credentials.unavailable', 'credentials.ok', 'credentials.missing',
  'outbox.noDb', 'outbox.parked', 'outbox.empty', 'outbox.local', 'outbox.stale', 'outbox.moving',
  'sync.noHq', 'sync.noDb', 'sync.lastSuccess', 'sync.noFailure', 'sync.downRetrying', 'sync.downNext', 'sync.downAppStopped',
  'rules.noDb', 'rules.hqVersion', 'rules.hqVersionNext', 'rules.preset', 'rules.refused', 'rules.localVersion',
  'bank.noHq', 'bank.off', 'bank.on', 'bank.pendingIntents',
  'downlink.noDb', 'downlink.noHq', 'downlink.ok', 'downlink.deferred',
] as const;
export const doctorAdviceCodes = [
  'camera.openKiosk', 'camera.plugIn', 'camera.allow', 'camera.closeOthers',
  'printer.check', 'scanner.reconnect', 'models.reinstall',
  'database.create', 'database.restore', 'database.restart', 'database.installNewer',
  'dataDir.create', 'dataDir.permission', 'disk.freeNow', 'disk.freeSoon',
  'backup.turnOn', 'backup.runNow', 'backup.checkLogs',
  'worker.support', 'worker.restart', 'worker.wait',
  'screens.connect', 'check.support',
  'hq.network', 'hq.tellHq', 'clock.setAndSync', 'clock.turnOnSync',
  'credentials.checkSync', 'credentials.provision',
  'outbox.sendBundle', 'outbox.checkHq', 'sync.network', 'sync.startApp',
  'rules.fixVersion', 'bank.waitForHq', 'downlink.updateApp',
] as const;
export type DoctorFindingCode = (typeof doctorFindingCodes)[number];
export type DoctorAdviceCode = (typeof doctorAdviceCodes)[number];

export const doctorCheckSchema = z.object({
  /** Stable id the UI and scripts switch on, e.g. 'models', 'database.integrity'. */
  id: z.string(),
  title: z.string(),
  status: checkStatusSchema,
  /** One line: what was found. */
  summary: z.string(),
  /** What store IT should do about it; null when nothing is needed. */
  action: z.string().nullable(),
  /** The finding and the advice as codes (see doctorFindingCodes), with the numbers and names they mention. */
  summaryCode: z.enum(doctorFindingCodes).optional(),
  actionCode: z.enum(doctorAdviceCodes).nullable().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  /** Small machine-readable facts (counts, versions, bytes); never personal data. */
  data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
});

export const doctorReportSchema = z.object({
  generatedAt: z.string(),
  appVersion: z.string(),
  storeId: z.string(),
  overall: z.enum(['ok', 'warn', 'fail']),
  checks: z.array(doctorCheckSchema),
});

export const cameraReportSchema = z
  .object({
    state: z.enum(['ok', 'no-camera', 'denied', 'error']),
    /** The device label the browser gives (e.g. "USB2.0 HD UVC WebCam"), if any. */
    label: z.string().max(200).optional(),
    detail: z.string().max(500).optional(),
  })
  .strict();

export const backupInfoSchema = z.object({
  fileName: z.string(),
  createdAt: z.string(),
  sizeBytes: z.number().int(),
  schemaVersion: z.number().int(),
});

export const restoreDrillSchema = z.object({
  at: z.string(),
  fileName: z.string(),
  isOk: z.boolean(),
  problem: z.enum(['BACKUP_INVALID', 'INTEGRITY_FAILED', 'NOT_A_KIOSK_DATABASE']).nullable(),
  schemaVersion: z.number().int().nullable(),
  members: z.number().int().nullable(),
});

export const opsCalls = {
  'ops.runDoctor': call(z.object({}).strict(), doctorReportSchema, 'staff'),
  /** The renderer owns the camera (getUserMedia); it reports what it found so the doctor can show it. */
  'ops.reportCamera': call(cameraReportSchema, z.object({ recorded: z.literal(true) })),
  'ops.exportSupportBundle': call(
    z.object({}).strict(),
    z.object({ fileName: z.string(), sizeBytes: z.number().int(), createdAt: z.string() }),
    'manager',
  ),
  'ops.backupNow': call(z.object({}).strict(), backupInfoSchema, 'manager'),
  'ops.listBackups': call(z.object({}).strict(), z.object({ backups: z.array(backupInfoSchema), lastDrill: restoreDrillSchema.nullable() }), 'manager'),
  /** Restores the newest backup into a temporary file and checks it (BACKUP_NONE when there is none); the live database is untouched. */
  'ops.restoreDrill': call(z.object({}).strict(), restoreDrillSchema, 'manager'),
  /**
   * Leaves the kiosk shell. Manager-only: the renderer asks for the manager PIN (staff sign-in)
   * when the hidden exit gesture or the shell's 'ops.exitRequested' event fires, then calls this.
   */
  'ops.exitKiosk': call(z.object({}).strict(), z.object({ exiting: z.boolean() }), 'manager'),
};

export const opsEvents = {
  /** The shell saw the hidden staff-exit key chord: show the manager PIN prompt. */
  'ops.exitRequested': z.object({ at: z.string() }),
};
