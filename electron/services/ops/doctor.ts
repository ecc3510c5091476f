import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { cameraReportSchema, doctorCheckSchema, doctorReportSchema } from '../../contract/ops.js';
import type { AppConfig } from '../../core/config.js';
import { latestVersion, schemaVersion, type Db } from '../../db/connection.js';
import { backupDir, listBackups } from './backup.js';
import { quickCheck } from './ops-repository.js';
import { outboxCounts, uploadState } from '../../../edge-sync/client/outbox-store.js';

export type DoctorCheck = z.output<typeof doctorCheckSchema>;
export type DoctorReport = z.output<typeof doctorReportSchema>;
export type CameraReport = z.output<typeof cameraReportSchema> & { reportedAt: string };

/** What a device service answers about one device. */
export interface DeviceStatus {
  configured: boolean;
  connected: boolean;
  /** e.g. "paper near end", "/dev/ttyUSB0 not found"; never personal data. */
  detail: string;
}
export type DeviceProbe = () => Promise<DeviceStatus>;

export interface StatfsResult {
  bavail: number;
  bsize: number;
  blocks: number;
}

export interface HttpGet {
  (url: string, init: { signal: AbortSignal }): Promise<{ ok: boolean; status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;
}

/**
 * Everything the doctor looks at, injectable so each fault can be simulated in tests
 * (a full disk through `statfs`, an unwritable folder through `writeProbe`, an absent printer
 * through its probe, HQ down through `httpGet` or a closed port).
 */
export interface DoctorInputs {
  dataDir: string;
  config: AppConfig;
  appVersion: string;
  /** The open store database, or null when it could not be opened (the error says why). */
  db: Db | null;
  dbError?: string | null;
  modelsDir: string;
  now: () => Date;
  /** 'cli' when the doctor runs outside the app: the camera belongs to the renderer. */
  camera: CameraReport | null | 'cli';
  printer?: DeviceProbe | null;
  scanner?: DeviceProbe | null;
  /** Whether the device has its HQ credentials (the sync service knows where they live). */
  hqCredentials?: (() => { present: boolean; detail: string }) | null;
  workerState?: (() => { state: string; restarts: number; lastError: string | null }) | null;
  /** Hashes files off the caller's thread (the kiosk worker's 'files.sha256'), or here. */
  hashFiles?: (files: string[]) => Promise<Record<string, string | null>>;
  statfs?: (dir: string) => Promise<StatfsResult>;
  writeProbe?: (dir: string) => void;
  httpGet?: HttpGet;
}

const MB = 1024 * 1024;
export const DISK_FAIL_BYTES = 200 * MB;
export const DISK_WARN_BYTES = 1024 * MB;
export const CLOCK_WARN_MS = 30_000;
export const CLOCK_FAIL_MS = 5 * 60_000;
/** Store→HQ lag target is 5 minutes; a pending event older than this means sync is stuck. */
export const OUTBOX_STALE_MS = 5 * 60_000;

function check(id: string, title: string, status: DoctorCheck['status'], summary: string, action: string | null = null, data?: DoctorCheck['data']): DoctorCheck {
  return data ? { id, title, status, summary, action, data } : { id, title, status, summary, action };
}

function errText(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (!(e instanceof Error)) return String(error);
  return e.code && !e.message.startsWith(e.code) ? `${e.code}: ${e.message}` : e.message;
}

async function guarded(id: string, title: string, run: () => Promise<DoctorCheck | DoctorCheck[]> | DoctorCheck | DoctorCheck[]): Promise<DoctorCheck[]> {
  try {
    const result = await run();
    return Array.isArray(result) ? result : [result];
  } catch (error) {
    return [check(id, title, 'fail', `The check itself failed: ${errText(error)}`, 'Send a support bundle to your IT contact.')];
  }
}

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

/** A URL fit for a report: no user, password or query string (they may carry credentials). */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}

function nearestExisting(dir: string): string {
  let d = path.resolve(dir);
  while (!fs.existsSync(d) && path.dirname(d) !== d) d = path.dirname(d);
  return d;
}

async function checkHq(inputs: DoctorInputs): Promise<DoctorCheck[]> {
  const url = inputs.config.hq.url;
  if (!url) {
    return [
      check('hq', 'Head office (HQ)', 'skip', 'No HQ configured: this kiosk runs standalone (demo or single store).', null),
      check('clock', 'Clock', 'skip', 'Clock skew is measured against HQ; no HQ configured.'),
    ];
  }
  const out: DoctorCheck[] = [];
  const healthUrl = new URL('v1/health', url.endsWith('/') ? url : `${url}/`).toString();
  const get = inputs.httpGet ?? (fetch as unknown as HttpGet);
  const sentAt = Date.now();
  let res: Awaited<ReturnType<HttpGet>>;
  try {
    res = await get(healthUrl, { signal: AbortSignal.timeout(5000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    out.push(check('hq', 'Head office (HQ)', 'fail', `HQ unreachable at ${displayUrl(healthUrl)} (${cause}).`, 'Check the network cable/Wi-Fi and that hq.url is right; events wait in the outbox and are sent when HQ is back.'));
    out.push(check('clock', 'Clock', 'skip', 'Cannot compare with HQ while it is unreachable.'));
    return out;
  }
  const roundTrip = Date.now() - sentAt;
  if (!res.ok) out.push(check('hq', 'Head office (HQ)', 'fail', `HQ answered ${res.status} at ${displayUrl(healthUrl)}.`, 'HQ is up but unhealthy: tell HQ operations. Events wait in the outbox.', { status: res.status }));
  else out.push(check('hq', 'Head office (HQ)', 'ok', `HQ reachable (${roundTrip} ms).`, null, { roundTripMs: roundTrip }));

  // HQ's time: "hqTime" in the health body (edge-sync/hq), else the HTTP Date header (second precision).
  let hqTime: number | null = null;
  try {
    const body = JSON.parse(await res.text()) as Record<string, unknown>;
    const t = body.hqTime ?? body.time ?? body.now;
    if (typeof t === 'string' && !Number.isNaN(Date.parse(t))) hqTime = Date.parse(t);
  } catch {
    // not JSON: fall back to the header
  }
  const dateHeader = res.headers.get('date');
  if (hqTime === null && dateHeader && !Number.isNaN(Date.parse(dateHeader))) hqTime = Date.parse(dateHeader);
  if (hqTime === null) out.push(check('clock', 'Clock', 'skip', 'HQ did not report its time.'));
  else {
    const skew = inputs.now().getTime() - (hqTime + roundTrip / 2);
    const abs = Math.abs(skew);
    const data = { skewMs: Math.round(skew) };
    const secs = Math.round(abs / 1000);
    const dir = skew > 0 ? 'ahead of' : 'behind';
    if (abs > CLOCK_FAIL_MS) out.push(check('clock', 'Clock', 'fail', `This PC's clock is ${secs} s ${dir} HQ.`, 'Set the time zone and turn on automatic time sync (Windows: Settings → Time; Linux: timedatectl set-ntp true). Wrong clocks break daily check-in streaks and birthday months.', data));
    else if (abs > CLOCK_WARN_MS) out.push(check('clock', 'Clock', 'warn', `This PC's clock is ${secs} s ${dir} HQ.`, 'Turn on automatic time sync.', data));
    else out.push(check('clock', 'Clock', 'ok', `Clock within ${secs} s of HQ.`, null, data));
  }
  return out;
}

function checkCredentials(inputs: DoctorInputs): DoctorCheck {
  const title = 'HQ credentials';
  if (!inputs.config.hq.url) return check('hq.credentials', title, 'skip', 'No HQ configured.');
  if (!inputs.hqCredentials) return check('hq.credentials', title, 'warn', 'The credential check is not available in this build.', 'Check the Sync screen shows "provisioned".');
  const c = inputs.hqCredentials();
  if (c.present) return check('hq.credentials', title, 'ok', `Device credentials present${c.detail ? ` (${c.detail})` : ''}.`);
  return check('hq.credentials', title, 'fail', `No device credentials: ${c.detail || 'not provisioned'}.`, 'Provision this terminal: npm run provision -- --store <id> --hq <url> --token <token> (or the first-run screen).');
}

function checkOutbox(inputs: DoctorInputs): DoctorCheck {
  const title = 'Outbox to HQ';
  if (!inputs.db) return check('outbox', title, 'skip', 'Database not open.');
  const b = outboxCounts(inputs.db);
  const ageMs = b.oldestPendingAt ? inputs.now().getTime() - Date.parse(b.oldestPendingAt) : 0;
  const data = { pending: b.pending, parked: b.parked, oldestPendingAt: b.oldestPendingAt, oldestAgeS: Math.round(ageMs / 1000) };
  if (b.parked > 0) {
    return check('outbox', title, 'warn', `${b.parked} event(s) parked after repeated failures; ${b.pending} pending.`, 'Send a support bundle to HQ operations: parked events are kept, never dropped, and need their attention.', data);
  }
  if (b.pending === 0) return check('outbox', title, 'ok', 'Nothing waiting for HQ.', null, data);
  if (!inputs.config.hq.url) return check('outbox', title, 'ok', `${b.pending} event(s) kept locally (no HQ configured).`, null, data);
  if (ageMs > OUTBOX_STALE_MS) {
    return check('outbox', title, 'warn', `${b.pending} event(s) waiting; the oldest for ${Math.round(ageMs / 60000)} min.`, 'Check HQ reachability and credentials above; events are sent automatically once HQ answers.', data);
  }
  return check('outbox', title, 'ok', `${b.pending} event(s) on their way.`, null, data);
}

/** A duration in words for store IT ("40 seconds", "25 minutes", "3 hours 5 minutes", "2 days"). */
export function durationInWords(ms: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 90) return plural(seconds, 'second');
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return plural(minutes, 'minute');
  if (minutes < 48 * 60) return minutes % 60 === 0 ? plural(minutes / 60, 'hour') : `${plural(Math.floor(minutes / 60), 'hour')} ${plural(minutes % 60, 'minute')}`;
  return plural(Math.round(minutes / 1440), 'day');
}

/** An instant as the store's wall clock shows it, e.g. "2026-11-20 12:00:20". */
function storeClock(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

/** An attempt this late means no uploader is running (the kiosk app is closed), not one merely in flight. */
const ATTEMPT_OVERDUE_MS = 60_000;

/**
 * Since when HQ has been unreachable and when the uploader tries next, from what the uploader
 * keeps in the store database (so the CLI, a separate process, sees it too).
 */
function checkUploads(inputs: DoctorInputs): DoctorCheck {
  const title = 'Uploads to HQ';
  if (!inputs.config.hq.url) return check('sync', title, 'skip', 'No HQ configured.');
  if (!inputs.db) return check('sync', title, 'skip', 'Database not open.');
  const s = uploadState(inputs.db);
  const tz = inputs.config.store.timeZone;
  if (s.unreachableSince === null) {
    const summary = s.lastSuccessAt ? `HQ acknowledged the last upload at ${storeClock(s.lastSuccessAt, tz)} (${tz}).` : 'No upload has failed.';
    return check('sync', title, 'ok', summary, null, { lastSuccessAt: s.lastSuccessAt });
  }
  const nowMs = inputs.now().getTime();
  const downMs = Math.max(0, nowMs - Date.parse(s.unreachableSince));
  const since = `HQ unreachable since ${storeClock(s.unreachableSince, tz)} (${tz}), ${durationInWords(downMs)} ago`;
  let next: string;
  let action = 'Check the network cable/Wi-Fi and the "Head office (HQ)" line above. Nothing is lost: events wait in the outbox and go by themselves once HQ answers.';
  if (s.nextAttemptAt === null) {
    next = 'retrying now';
  } else {
    const inMs = Date.parse(s.nextAttemptAt) - nowMs;
    if (inMs > 0) next = `next automatic attempt in ${durationInWords(inMs)} (at ${storeClock(s.nextAttemptAt, tz)}); sooner, within seconds, when the network comes back or a sale is made`;
    else if (inMs > -ATTEMPT_OVERDUE_MS) next = 'retrying now';
    else {
      next = `the next attempt was due ${durationInWords(-inMs)} ago (at ${storeClock(s.nextAttemptAt, tz)}): the kiosk app does not seem to be running`;
      action = 'Start the kiosk app: it retries at once when it starts. Events wait in the outbox meanwhile.';
    }
  }
  const data = { unreachableSince: s.unreachableSince, nextAttemptAt: s.nextAttemptAt, unreachableMinutes: Math.floor(downMs / 60_000) };
  const lastError = s.lastError ? ` Last error: ${s.lastError}.` : '';
  // Past the shops' 5-minute store→HQ lag target the outage is a failure, before that a warning.
  return check('sync', title, downMs >= OUTBOX_STALE_MS ? 'fail' : 'warn', `${since}; ${next}.${lastError}`, action, data);
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

/** Runs every check and returns one report; a failing check never stops the others. */
export async function runDoctor(inputs: DoctorInputs): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [
    checkCamera(inputs.camera),
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
