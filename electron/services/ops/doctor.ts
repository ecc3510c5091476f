import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../../core/config.js';
import { describeLayout } from '../../core/display-layout.js';
import { latestVersion, schemaVersion, type Db } from '../../db/connection.js';
import { backupDir, listBackups } from './backup.js';
import { quickCheck } from './ops-repository.js';
import { check, errText, guarded, type DeviceProbe, type DoctorCheck, type DoctorInputs, type DoctorReport } from './doctor-inputs.js';
import { checkCredentials, checkHq, checkOutbox, checkUploads } from './doctor-sync-checks.js';
import { checkLoyaltyRules } from './doctor-rules-check.js';

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
  if (camera === 'cli') return check('camera', title, 'skip', 'Checked by the app: open the Health screen on the kiosk to see the camera.');
  if (camera === null) return check('camera', title, 'warn', 'The kiosk screen has not reported a camera yet.', 'Open the kiosk screen; if this stays, reconnect the camera and restart the app.');
  const label = camera.label ? ` (${camera.label})` : '';
  switch (camera.state) {
    case 'ok':
      return check('camera', title, 'ok', `Camera working${label}.`, null, { reportedAt: camera.reportedAt });
    case 'no-camera':
      return check('camera', title, 'fail', 'No camera found. Members can still check in by phone number or QR code.', 'Plug the USB camera in (try another port), then restart the app.');
    case 'denied':
      return check('camera', title, 'fail', 'Camera access was refused.', 'Allow camera access for Member Kiosk in the operating system privacy settings, then restart the app.');
    default:
      return check('camera', title, 'fail', `Camera error${label}: ${camera.detail ?? 'unknown'}`, 'Close other programs that use the camera, reconnect it and restart the app.');
  }
}

async function checkDevice(id: 'printer' | 'scanner', probe: DeviceProbe | null | undefined, config: AppConfig): Promise<DoctorCheck> {
  const title = id === 'printer' ? 'Receipt printer' : 'Barcode/QR scanner';
  if (!probe) {
    // Outside the app (CLI) the device belongs to the running kiosk: say what is configured.
    const devices = (config as unknown as { devices?: { printer?: { transport?: string }; scanner?: { hid?: string } } }).devices;
    const setting = id === 'printer' ? devices?.printer?.transport : devices?.scanner?.hid;
    if (!setting || setting === 'none') return check(id, title, 'skip', `No ${id} configured (optional).`);
    return check(id, title, 'skip', `${title} configured (${setting}); its live status is checked by the app (Health screen).`);
  }
  const status = await probe();
  if (!status.configured) return check(id, title, 'skip', `No ${id} configured (optional).`);
  if (status.connected) return check(id, title, 'ok', `${title} connected${status.detail ? `: ${status.detail}` : ''}.`);
  const action =
    id === 'printer'
      ? 'Check the printer is switched on, has paper, and its USB/network cable is in; then press "Test print". Receipts queue meanwhile.'
      : 'Reconnect the scanner cable; members can still type their phone number.';
  return check(id, title, 'fail', `${title} not reachable: ${status.detail || 'no answer'}.`, action);
}

async function checkModels(inputs: DoctorInputs): Promise<DoctorCheck> {
  const title = 'Face models';
  const manifestFile = path.join(inputs.modelsDir, 'manifest.json');
  let manifest: { models: Record<string, { file: string; sha256: string; version?: string }> };
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as typeof manifest;
    if (typeof manifest.models !== 'object' || manifest.models === null) throw new Error('no "models" section');
  } catch (error) {
    return check('models', title, 'fail', `Model manifest unreadable (${errText(error)}).`, 'Reinstall Member Kiosk: the bundled models are damaged. Face check-in is off; phone/QR check-in still works.', { manifest: manifestFile });
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
  if (missing.length === 0 && corrupt.length === 0) return check('models', title, 'ok', `${entries.length} models present, sha256 verified.`, null, data);
  const parts = [missing.length ? `missing: ${missing.join(', ')}` : '', corrupt.length ? `sha256 mismatch: ${corrupt.join(', ')}` : ''].filter(Boolean);
  return check('models', title, 'fail', `Face models damaged — ${parts.join('; ')}.`, 'Reinstall Member Kiosk (or copy native-models/ from the installer). Face check-in stays off until then; phone/QR check-in works.', data);
}

function checkDatabase(inputs: DoctorInputs): DoctorCheck[] {
  const title = 'Store database';
  if (!inputs.db) {
    const reason = inputs.dbError ?? 'not opened';
    return [check('database', title, 'fail', `Cannot open the store database: ${reason}`, 'Start the app once to create it; if it reports DB_TOO_NEW install the newer version; if damaged, restore the latest backup (npm run restore).')];
  }
  const problems = quickCheck(inputs.db);
  const out: DoctorCheck[] = [];
  if (problems.length === 1 && problems[0] === 'ok') out.push(check('database.integrity', 'Database integrity', 'ok', 'PRAGMA quick_check: ok.'));
  else out.push(check('database.integrity', 'Database integrity', 'fail', `quick_check found ${problems.length} problem(s): ${problems.slice(0, 2).join('; ')}`, 'Stop the app and restore the latest backup (npm run restore -- --latest); then send a support bundle.'));
  const current = schemaVersion(inputs.db);
  const latest = latestVersion();
  if (current === latest) out.push(check('database.schema', 'Database schema', 'ok', `Schema version ${current} (current).`, null, { schemaVersion: current, latest }));
  else if (current < latest) out.push(check('database.schema', 'Database schema', 'warn', `Schema version ${current}; this app upgrades it to ${latest} at start.`, 'Restart the app to apply the upgrade.', { schemaVersion: current, latest }));
  else out.push(check('database.schema', 'Database schema', 'fail', `Schema version ${current} is newer than this app knows (${latest}).`, 'Install the newer Member Kiosk version that wrote this database.', { schemaVersion: current, latest }));
  return out;
}

async function checkDisk(inputs: DoctorInputs): Promise<DoctorCheck[]> {
  const out: DoctorCheck[] = [];
  if (!fs.existsSync(inputs.dataDir)) {
    out.push(check('data-dir', 'Data folder', 'fail', `Data folder does not exist: ${inputs.dataDir}.`, 'Start the kiosk once (it creates the folder), or pass the right folder with --data-dir.'));
  } else {
    try {
      (inputs.writeProbe ?? defaultWriteProbe)(inputs.dataDir);
      out.push(check('data-dir', 'Data folder', 'ok', `Data folder writable: ${inputs.dataDir}`));
    } catch (error) {
      out.push(check('data-dir', 'Data folder', 'fail', `Data folder not writable: ${inputs.dataDir} (${errText(error)}).`, 'Give the kiosk user write permission on this folder (or free the disk / remount it read-write). Sales cannot be saved until then.'));
    }
  }
  const stats = await (inputs.statfs ?? ((dir: string) => fs.promises.statfs(dir)))(nearestExisting(inputs.dataDir));
  const free = stats.bavail * stats.bsize;
  const data = { freeBytes: free, totalBytes: stats.blocks * stats.bsize };
  const freeMb = Math.floor(free / MB);
  if (free < DISK_FAIL_BYTES) out.push(check('disk', 'Free disk space', 'fail', `Only ${freeMb} MB free on the data disk.`, 'Free disk space now (delete old files, empty the recycle bin) or move backups to another disk (backup.dir). Below 200 MB sales may fail to save.', data));
  else if (free < DISK_WARN_BYTES) out.push(check('disk', 'Free disk space', 'warn', `${freeMb} MB free on the data disk.`, 'Free some disk space soon; keep at least 1 GB free.', data));
  else out.push(check('disk', 'Free disk space', 'ok', `${freeMb} MB free.`, null, data));
  return out;
}

function nearestExisting(dir: string): string {
  let d = path.resolve(dir);
  while (!fs.existsSync(d) && path.dirname(d) !== d) d = path.dirname(d);
  return d;
}

function checkBackups(inputs: DoctorInputs): DoctorCheck {
  const title = 'Backups';
  if (!inputs.config.backup.enabled) return check('backup', title, 'warn', 'Scheduled backups are turned off.', 'Turn them on (backup.enabled) unless this store backs up another way.');
  const newest = listBackups(backupDir(inputs.dataDir, inputs.config))[0];
  if (!newest) return check('backup', title, 'warn', 'No backup yet (the first runs a few minutes after start).', 'Run one now: npm run backup (or "Back up now" on the Health screen).');
  const ageH = (inputs.now().getTime() - Date.parse(newest.createdAt)) / 3600_000;
  const data = { newest: newest.createdAt, ageHours: Math.round(ageH * 10) / 10 };
  if (ageH > inputs.config.backup.everyHours * 2 + 1) return check('backup', title, 'warn', `Newest backup is ${Math.round(ageH)} h old.`, 'Run a backup now and check the logs for backup.failed (disk full? backup folder missing?).', data);
  return check('backup', title, 'ok', `Newest backup ${newest.fileName} (${Math.round(ageH)} h old).`, null, data);
}

function checkWorker(inputs: DoctorInputs): DoctorCheck {
  const title = 'Face worker process';
  if (!inputs.workerState) return check('worker', title, 'skip', 'Checked by the app.');
  const w = inputs.workerState();
  const data = { state: w.state, restarts: w.restarts };
  if (w.state === 'ready') return check('worker', title, w.restarts > 3 ? 'warn' : 'ok', `Ready (${w.restarts} restart(s) since start).`, w.restarts > 3 ? 'Frequent restarts: send a support bundle.' : null, data);
  if (w.state === 'down') return check('worker', title, 'fail', `Down: ${w.lastError ?? 'unknown'}.`, 'Restart the app; if it stays down, reinstall and send a support bundle.', data);
  return check('worker', title, 'warn', `${w.state}: ${w.lastError ?? ''}`.trim(), 'Wait a minute and run the check again.', data);
}

/** Which display shows the cashier console and which the customer display (the app passes the displays it sees). */
export function checkScreens(inputs: DoctorInputs): DoctorCheck {
  const line = describeLayout(inputs.displays ?? null, inputs.config.kiosk);
  return check('screens', 'Screens', line.status, line.summary, line.status === 'warn' ? 'Connect the customer display, or set kiosk.screens / kiosk.customerDisplayId in config.json.' : null);
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
    ...(await guarded('rules', 'Loyalty rules', () => [checkLoyaltyRules(inputs)])),
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
