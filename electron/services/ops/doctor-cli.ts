/**
 * `npm run doctor -- [--data-dir DIR] [--json]`: the health report for store IT, from a terminal.
 * Works whether or not the kiosk is running (it opens the database read-only). The camera belongs
 * to the kiosk screen, so here it says "checked by the app".
 * Exit code: 0 when nothing failed (warnings allowed), 1 when a check failed, 2 on bad usage.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { appVersion } from '../../core/app-paths.js';
import { defaultConfig, loadConfig, type AppConfig } from '../../core/config.js';
import { DB_FILE_NAME, defaultDataDir } from '../../core/data-dir.js';
import { openDatabase, type Db } from '../../db/connection.js';
import { formatReport, runDoctor, withChecks, type DoctorCheck, type DoctorInputs, type DoctorReport } from './doctor.js';
import { modelsDirOf } from './ops-handlers.js';
import { readCredentials } from '../../../edge-sync/client/credentials-file.js';

/** The device credentials as the CLI sees them (the running app asks its sync service instead). */
function credentialsOnDisk(dataDir: string): { present: boolean; detail: string } {
  try {
    const c = readCredentials(dataDir);
    return c ? { present: true, detail: `device ${c.deviceId}, store ${c.storeId}` } : { present: false, detail: 'no hq-device.json in the data directory' };
  } catch (error) {
    return { present: false, detail: (error as Error).message };
  }
}

export const DOCTOR_USAGE = `Usage: npm run doctor -- [--data-dir DIR] [--json]
  --data-dir DIR  the kiosk's data folder (default: $KIOSK_DATA_DIR or the per-user data folder)
  --json          print the report as JSON (for scripts and monitoring)`;

/** Builds the doctor's inputs for a data folder, as the CLI sees it. Exported for tests. */
export function cliDoctorInputs(dataDir: string, overrides: Partial<DoctorInputs> = {}): { inputs: DoctorInputs; extra: DoctorCheck[]; close(): void } {
  const extra: DoctorCheck[] = [];
  let config: AppConfig;
  try {
    config = loadConfig(dataDir);
    extra.push({ id: 'config', title: 'Configuration', status: 'ok', summary: fs.existsSync(path.join(dataDir, 'config.json')) ? 'config.json is valid.' : 'No config.json: built-in defaults (demo store, no HQ).', action: null });
  } catch (error) {
    config = defaultConfig();
    extra.push({ id: 'config', title: 'Configuration', status: 'fail', summary: (error as Error).message.split('\n').join(' '), action: 'Fix config.json as the message says (or remove the key); the checks below use the defaults.' });
  }
  let db: Db | null = null;
  let dbError: string | null = null;
  const file = path.join(dataDir, DB_FILE_NAME);
  if (!fs.existsSync(file)) dbError = `no database at ${file} (the kiosk has not run on this data folder yet)`;
  else {
    try {
      db = openDatabase(file, { readonly: true });
    } catch (error) {
      dbError = (error as Error).message;
    }
  }
  const inputs: DoctorInputs = {
    dataDir,
    config,
    appVersion: appVersion(),
    db,
    dbError,
    modelsDir: modelsDirOf({ config }),
    now: () => new Date(),
    camera: 'cli',
    hqCredentials: () => credentialsOnDisk(dataDir),
    ...overrides,
  };
  return { inputs, extra, close: () => db?.close() };
}

export async function runCliDoctor(dataDir: string, overrides: Partial<DoctorInputs> = {}): Promise<DoctorReport> {
  const { inputs, extra, close } = cliDoctorInputs(dataDir, overrides);
  try {
    return withChecks(await runDoctor(inputs), extra);
  } finally {
    close();
  }
}

async function main(): Promise<number> {
  let values: { 'data-dir'?: string; json?: boolean; help?: boolean };
  try {
    values = parseArgs({ options: { 'data-dir': { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } }, strict: true }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${DOCTOR_USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(DOCTOR_USAGE);
    return 0;
  }
  const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir());
  const report = await runCliDoctor(dataDir);
  console.log(values.json ? JSON.stringify(report, null, 2) : `Data folder: ${dataDir}\n${formatReport(report)}`);
  return report.overall === 'fail' ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]).replace(/\.ts$/, '') === path.resolve(import.meta.filename).replace(/\.(ts|js)$/, '')) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`doctor failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
