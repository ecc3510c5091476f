import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../../core/config.js';
import { chooseDisplays, describeLayout } from '../../core/display-layout.js';
import { latestVersion, schemaVersion, type Db } from '../../db/connection.js';
import { backupDir, listBackups } from './backup.js';
import { quickCheck } from './ops-repository.js';
import { advise, check, errText, found, guarded, type DeviceProbe, type DoctorCheck, type DoctorInputs, type DoctorReport } from './doctor-inputs.js';
import { checkCredentials, checkHq, checkOutbox, checkUploads } from './doctor-sync-checks.js';
import { checkLoyaltyRules } from './doctor-rules-check.js';
import { checkMemberBank } from './doctor-bank-check.js';
import { checkDownlink } from './doctor-downlink-check.js';

export type { CameraReport, DeviceProbe, DeviceStatus, DoctorCheck, DoctorInputs, DoctorReport, HttpGet, StatfsResult } from './doctor-inputs.js';
export { CLOCK_FAIL_MS, CLOCK_WARN_MS, displayUrl, durationInWords, OUTBOX_STALE_MS } from './doctor-sync-checks.js';

const MB = 1024 * 1024;
export const DISK_FAIL_BYTES = 200 * MB;
export const DISK_WARN_BYTES = 1024 * MB;

async function hashDirect(files: string[]): Promise<Record<string, string | null>> {
  const out: Record<string, string | null> = {};
  for (const file of files) {
    try {
      const hash = createHash('sha256');
      for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
      out[file] = hash.digest('hex');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') out[file] = null;
      else throw error;
    }
  }
  return out;
}

function defaultWriteProbe(dir: string): void {
  const probe = path.join(dir, `.doctor-probe-${process.pid}`);
  fs.writeFileSync(probe, 'ok');
  fs.rmSync(probe);
}

export function checkCamera(camera: DoctorInputs['camera']): DoctorCheck {
  const title = 'Camera';
  if (camera === 'cli') return check('camera', title, 'skip', found('camera.cli', 'Checked by the app: open the Health screen on the kiosk to see the camera.'));
  if (camera === null) return check('camera', title, 'warn', found('camera.unreported', 'The kiosk screen has not reported a camera yet.'), advise('camera.openKiosk', 'Open the kiosk screen; if this stays, reconnect the camera and restart the app.'));
  const label = camera.label ? ` (${camera.label})` : '';
  switch (camera.state) {
    case 'ok':
      return check('camera', title, 'ok', found('camera.ok', `Camera working${label}.`), null, { reportedAt: camera.reportedAt });
    case 'no-camera':
      return check('camera', title, 'fail', found('camera.none', 'No camera found. Members can still check in by phone number or QR code.'), advise('camera.plugIn', 'Plug the USB camera in (try another port), then restart the app.'));
    case 'denied':
      return check('camera', title, 'fail', found('camera.denied', 'Camera access was refused.'), advise('camera.allow', 'Allow camera access for Member Kiosk in the operating system privacy settings, then restart the app.'));
    default:
      return check('camera', title, 'fail', found('camera.error', `Camera error${label}: ${camera.detail ?? 'unknown'}`), advise('camera.closeOthers', 'Close other programs that use the camera, reconnect it and restart the app.'));
  }
}

async function checkDevice(id: 'printer' | 'scanner', probe: DeviceProbe | null | undefined, config: AppConfig): Promise<DoctorCheck> {
  const title = id === 'printer' ? 'Receipt printer' : 'Barcode/QR scanner';
  if (!probe) {
    // Outside the app (CLI) the device belongs to the running kiosk: say what is configured.
    const devices = (config as unknown as { devices?: { printer?: { transport?: string }; scanner?: { hid?: string } } }).devices;
    const setting = id === 'printer' ? devices?.printer?.transport : devices?.scanner?.hid;
    if (!setting || setting === 'none') return check(id, title, 'skip', found(`${id}.notConfigured`, `No ${id} configured (optional).`));
    return check(id, title, 'skip', found(`${id}.configuredElsewhere`, `${title} configured (${setting}); its live status is checked by the app (Health screen).`));
  }
  const status = await probe();
  if (!status.configured) return check(id, title, 'skip', found(`${id}.notConfigured`, `No ${id} configured (optional).`));
  if (status.connected) return check(id, title, 'ok', found(`${id}.connected`, `${title} connected${status.detail ? `: ${status.detail}` : ''}.`));
  const action =
    id === 'printer'
      ? advise('printer.check', 'Check the printer is switched on, has paper, and its USB/network cable is in; then press "Test print". Receipts queue meanwhile.')
      : advise('scanner.reconnect', 'Reconnect the scanner cable; members can still type their phone number.');
  return check(id, title, 'fail', found(`${id}.unreachable`, `${title} not reachable: ${status.detail || 'no answer'}.`), action);
}

async function checkModels(inputs: DoctorInputs): Promise<DoctorCheck> {
  const title = 'Face models';
  const manifestFile = path.join(inputs.modelsDir, 'manifest.json');
  let manifest: { models: Record<string, { file: string; sha256: string; version?: string }> };
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as typeof manifest;
    if (typeof manifest.models !== 'object' || manifest.models === null) throw new Error('no "models" section');
  } catch (error) {
    return check('models', title, 'fail', found('models.manifestUnreadable', `Model manifest unreadable (${errText(error)}).`), advise('models.reinstall', 'Reinstall Member Kiosk: the bundled models are damaged. Face check-in is off; phone/QR check-in still works.'), { manifest: manifestFile });
  }
  const entries = Object.entries(manifest.models);
  const files = entries.map(([, m]) => path.join(inputs.modelsDir, m.file));
  const hashes = await (inputs.hashFiles ?? hashDirect)(files);
  const missing: string[] = [];
  const corrupt: string[] = [];
  entries.forEach(([role, m], i) => {
    const actual = hashes[files[i] as string];
    if (actual === null || actual === undefined) missing.push(`${role} (${m.file})`);
    else if (actual !== m.sha256) corrupt.push(`${role} (${m.file})`);
  });
  const data = { models: entries.length, missing: missing.length, corrupt: corrupt.length };
  if (missing.length === 0 && corrupt.length === 0) return check('models', title, 'ok', found('models.ok', `${entries.length} models present, sha256 verified.`, { count: entries.length }), null, data);
  const parts = [missing.length ? `missing: ${missing.join(', ')}` : '', corrupt.length ? `sha256 mismatch: ${corrupt.join(', ')}` : ''].filter(Boolean);
  return check('models', title, 'fail', found('models.damaged', `Face models damaged — ${parts.join('; ')}.`, { missing: missing.length, corrupt: corrupt.length }), advise('models.reinstall', 'Reinstall Member Kiosk (or copy native-models/ from the installer). Face check-in stays off until then; phone/QR check-in works.'), data);
}

function checkDatabase(inputs: DoctorInputs): DoctorCheck[] {
  const title = 'Store database';
  if (!inputs.db) {
    const reason = inputs.dbError ?? 'not opened';
    return [check('database', title, 'fail', found('database.cannotOpen', `Cannot open the store database: ${reason}`), advise('database.create', 'Start the app once to create it; if it reports DB_TOO_NEW install the newer version; if damaged, restore the latest backup (npm run restore).'))];
  }
  const problems = quickCheck(inputs.db);
  const out: DoctorCheck[] = [];
  if (problems.length === 1 && problems[0] === 'ok') out.push(check('database.integrity', 'Database integrity', 'ok', found('database.integrityOk', 'PRAGMA quick_check: ok.')));
  else out.push(check('database.integrity', 'Database integrity', 'fail', found('database.integrityProblems', `quick_check found ${problems.length} problem(s): ${problems.slice(0, 2).join('; ')}`, { count: problems.length }), advise('database.restore', 'Stop the app and restore the latest backup (npm run restore -- --latest); then send a support bundle.')));
  const current = schemaVersion(inputs.db);
  const latest = latestVersion();
  if (current === latest) out.push(check('database.schema', 'Database schema', 'ok', found('database.schemaCurrent', `Schema version ${current} (current).`, { version: current }), null, { schemaVersion: current, latest }));
  else if (current < latest) out.push(check('database.schema', 'Database schema', 'warn', found('database.schemaUpgrade', `Schema version ${current}; this app upgrades it to ${latest} at start.`, { version: current, latest }), advise('database.restart', 'Restart the app to apply the upgrade.'), { schemaVersion: current, latest }));
  else out.push(check('database.schema', 'Database schema', 'fail', found('database.schemaTooNew', `Schema version ${current} is newer than this app knows (${latest}).`, { version: current, latest }), advise('database.installNewer', 'Install the newer Member Kiosk version that wrote this database.'), { schemaVersion: current, latest }));
  return out;
}

async function checkDisk(inputs: DoctorInputs): Promise<DoctorCheck[]> {
  const out: DoctorCheck[] = [];
  if (!fs.existsSync(inputs.dataDir)) {
    out.push(check('data-dir', 'Data folder', 'fail', found('dataDir.missing', `Data folder does not exist: ${inputs.dataDir}.`, { folder: inputs.dataDir }), advise('dataDir.create', 'Start the kiosk once (it creates the folder), or pass the right folder with --data-dir.')));
  } else {
    try {
      (inputs.writeProbe ?? defaultWriteProbe)(inputs.dataDir);
      out.push(check('data-dir', 'Data folder', 'ok', found('dataDir.writable', `Data folder writable: ${inputs.dataDir}`, { folder: inputs.dataDir })));
    } catch (error) {
      out.push(check('data-dir', 'Data folder', 'fail', found('dataDir.notWritable', `Data folder not writable: ${inputs.dataDir} (${errText(error)}).`, { folder: inputs.dataDir }), advise('dataDir.permission', 'Give the kiosk user write permission on this folder (or free the disk / remount it read-write). Sales cannot be saved until then.')));
    }
  }
  const stats = await (inputs.statfs ?? ((dir: string) => fs.promises.statfs(dir)))(nearestExisting(inputs.dataDir));
  const free = stats.bavail * stats.bsize;
  const data = { freeBytes: free, totalBytes: stats.blocks * stats.bsize };
  const freeMb = Math.floor(free / MB);
  if (free < DISK_FAIL_BYTES) out.push(check('disk', 'Free disk space', 'fail', found('disk.low', `Only ${freeMb} MB free on the data disk.`, { mb: freeMb }), advise('disk.freeNow', 'Free disk space now (delete old files, empty the recycle bin) or move backups to another disk (backup.dir). Below 200 MB sales may fail to save.'), data));
  else if (free < DISK_WARN_BYTES) out.push(check('disk', 'Free disk space', 'warn', found('disk.warn', `${freeMb} MB free on the data disk.`, { mb: freeMb }), advise('disk.freeSoon', 'Free some disk space soon; keep at least 1 GB free.'), data));
  else out.push(check('disk', 'Free disk space', 'ok', found('disk.ok', `${freeMb} MB free.`, { mb: freeMb }), null, data));
  return out;
}

function nearestExisting(dir: string): string {
  let d = path.resolve(dir);
  while (!fs.existsSync(d) && path.dirname(d) !== d) d = path.dirname(d);
  return d;
}

function checkBackups(inputs: DoctorInputs): DoctorCheck {
  const title = 'Backups';
  if (!inputs.config.backup.enabled) return check('backup', title, 'warn', found('backup.off', 'Scheduled backups are turned off.'), advise('backup.turnOn', 'Turn them on (backup.enabled) unless this store backs up another way.'));
  const newest = listBackups(backupDir(inputs.dataDir, inputs.config))[0];
  if (!newest) return check('backup', title, 'warn', found('backup.none', 'No backup yet (the first runs a few minutes after start).'), advise('backup.runNow', 'Run one now: npm run backup (or "Back up now" on the Health screen).'));
  const ageH = (inputs.now().getTime() - Date.parse(newest.createdAt)) / 3600_000;
  const data = { newest: newest.createdAt, ageHours: Math.round(ageH * 10) / 10 };
  if (ageH > inputs.config.backup.everyHours * 2 + 1) return check('backup', title, 'warn', found('backup.old', `Newest backup is ${Math.round(ageH)} h old.`, { hours: Math.round(ageH) }), advise('backup.checkLogs', 'Run a backup now and check the logs for backup.failed (disk full? backup folder missing?).'), data);
  return check('backup', title, 'ok', found('backup.ok', `Newest backup ${newest.fileName} (${Math.round(ageH)} h old).`, { hours: Math.round(ageH) }), null, data);
}

function checkWorker(inputs: DoctorInputs): DoctorCheck {
  const title = 'Face worker process';
  if (!inputs.workerState) return check('worker', title, 'skip', found('worker.app', 'Checked by the app.'));
  const w = inputs.workerState();
  const data = { state: w.state, restarts: w.restarts };
  if (w.state === 'ready') return check('worker', title, w.restarts > 3 ? 'warn' : 'ok', found('worker.ready', `Ready (${w.restarts} restart(s) since start).`, { restarts: w.restarts }), w.restarts > 3 ? advise('worker.support', 'Frequent restarts: send a support bundle.') : null, data);
  if (w.state === 'down') return check('worker', title, 'fail', found('worker.down', `Down: ${w.lastError ?? 'unknown'}.`), advise('worker.restart', 'Restart the app; if it stays down, reinstall and send a support bundle.'), data);
  return check('worker', title, 'warn', found('worker.notReady', `${w.state}: ${w.lastError ?? ''}`.trim()), advise('worker.wait', 'Wait a minute and run the check again.'), data);
}

/** Which display shows the cashier console and which the customer display (the app passes the displays it sees). */
export function checkScreens(inputs: DoctorInputs): DoctorCheck {
  const displays = inputs.displays ?? null;
  const line = describeLayout(displays, inputs.config.kiosk);
  const layout = displays === null ? null : chooseDisplays(displays, inputs.config.kiosk);
  const summary =
    layout === null
      ? found('screens.configured', line.summary, { screens: inputs.config.kiosk.screens })
      : layout.mode === 'dual'
        ? found('screens.dual', line.summary, { cashier: layout.cashier.id, customer: layout.customer.id })
        : found('screens.single', line.summary, { display: layout.kiosk.id });
  return check('screens', 'Screens', line.status, summary, line.status === 'warn' ? advise('screens.connect', 'Connect the customer display, or set kiosk.screens / kiosk.customerDisplayId in config.json.') : null);
}

/** Runs every check and returns one report; a failing check never stops the others. */
export async function runDoctor(inputs: DoctorInputs): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [
    checkCamera(inputs.camera),
    checkScreens(inputs),
    ...(await guarded('printer', 'Receipt printer', () => checkDevice('printer', inputs.printer, inputs.config))),
    ...(await guarded('scanner', 'Barcode/QR scanner', () => checkDevice('scanner', inputs.scanner, inputs.config))),
    ...(await guarded('models', 'Face models', () => checkModels(inputs))),
    ...(await guarded('worker', 'Face worker process', () => checkWorker(inputs))),
    ...(await guarded('database', 'Store database', () => checkDatabase(inputs))),
    ...(await guarded('disk', 'Free disk space', () => checkDisk(inputs))),
    ...(await guarded('hq', 'Head office (HQ)', () => checkHq(inputs))),
    ...(await guarded('hq.credentials', 'HQ credentials', () => checkCredentials(inputs))),
    ...(await guarded('outbox', 'Outbox to HQ', () => checkOutbox(inputs))),
    ...(await guarded('sync', 'Uploads to HQ', () => checkUploads(inputs))),
    ...(await guarded('downlink', 'Changes from HQ', () => [checkDownlink(inputs)])),
    ...(await guarded('rules', 'Loyalty rules', () => [checkLoyaltyRules(inputs)])),
    ...(await guarded('bank', 'Member bank', () => [checkMemberBank(inputs)])),
    ...(await guarded('backup', 'Backups', () => checkBackups(inputs))),
  ];
  const overall = checks.some((c) => c.status === 'fail') ? 'fail' : checks.some((c) => c.status === 'warn') ? 'warn' : 'ok';
  return { generatedAt: inputs.now().toISOString(), appVersion: inputs.appVersion, storeId: inputs.config.store.id, overall, checks };
}

/** Adds checks made outside runDoctor (e.g. the CLI's config check) and recomputes the verdict. */
export function withChecks(report: DoctorReport, first: DoctorCheck[]): DoctorReport {
  const checks = [...first, ...report.checks];
  const overall = checks.some((c) => c.status === 'fail') ? 'fail' : checks.some((c) => c.status === 'warn') ? 'warn' : 'ok';
  return { ...report, overall, checks };
}

const MARK: Record<DoctorCheck['status'], string> = { ok: 'OK  ', warn: 'WARN', fail: 'FAIL', skip: '--  ' };

/** The human-readable report printed by `npm run doctor`. */
export function formatReport(report: DoctorReport): string {
  const lines = [`Member Kiosk ${report.appVersion} — health of store "${report.storeId}" at ${report.generatedAt}`, ''];
  for (const c of report.checks) {
    lines.push(`[${MARK[c.status]}] ${c.title}: ${c.summary}`);
    if (c.action) lines.push(`       → ${c.action}`);
  }
  const failures = report.checks.filter((c) => c.status === 'fail').length;
  const warnings = report.checks.filter((c) => c.status === 'warn').length;
  lines.push('', report.overall === 'ok' ? 'Everything looks fine.' : `${failures} failure(s), ${warnings} warning(s): do what the arrows say, top to bottom.`);
  return lines.join('\n');
}
