import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../contract/result.js';
import type { AppConfig } from '../../core/config.js';
import { APPLICATION_ID, schemaVersion } from '../../db/connection.js';
import { backupDir, decryptBackup, listBackups, loadOrCreateBackupKey } from './backup.js';
import { applicationId, countMembers, integrityCheck, openReadOnly } from './ops-repository.js';

/** The last drill's outcome, kept beside the backups so the manager view shows it after a restart. */
export interface RestoreDrill {
  at: string;
  fileName: string;
  isOk: boolean;
  /** Why it failed (a code the UI translates), null when it passed. */
  problem: 'BACKUP_INVALID' | 'INTEGRITY_FAILED' | 'NOT_A_KIOSK_DATABASE' | null;
  schemaVersion: number | null;
  members: number | null;
}

const DRILL_FILE = 'last-restore-drill.json';

/**
 * A restore drill proves the newest backup can be restored, without touching the live database:
 * decrypt it into a private temporary folder, open it read-only, check its integrity and that it is
 * this app's database, count its members, and delete it. A backup nobody has restored is a hope.
 */
export async function runRestoreDrill(options: { dataDir: string; config: AppConfig; now: Date }): Promise<RestoreDrill> {
  const dir = backupDir(options.dataDir, options.config);
  const newest = listBackups(dir)[0];
  if (!newest) throw new AppError('BACKUP_NONE', 'There is no backup to restore yet');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-restore-drill-'));
  const at = options.now.toISOString();
  let drill: RestoreDrill;
  try {
    const target = path.join(work, 'drill.sqlite');
    try {
      await decryptBackup(newest.file, loadOrCreateBackupKey(options.dataDir), target);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      drill = { at, fileName: newest.fileName, isOk: false, problem: 'BACKUP_INVALID', schemaVersion: null, members: null };
      return record(dir, drill);
    }
    const db = openReadOnly(target);
    try {
      const problems = integrityCheck(db).filter((line) => line !== 'ok');
      const isKiosk = applicationId(db) === APPLICATION_ID;
      const problem = problems.length > 0 ? 'INTEGRITY_FAILED' : isKiosk ? null : 'NOT_A_KIOSK_DATABASE';
      drill = { at, fileName: newest.fileName, isOk: problem === null, problem, schemaVersion: schemaVersion(db), members: problem === null ? countMembers(db) : null };
    } finally {
      db.close();
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return record(dir, drill);
}

function record(dir: string, drill: RestoreDrill): RestoreDrill {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, DRILL_FILE), JSON.stringify(drill, null, 2));
  return drill;
}

/** The last drill, or null if none ran (or its record is unreadable: the manager runs one again). */
export function lastRestoreDrill(dataDir: string, config: AppConfig): RestoreDrill | null {
  const file = path.join(backupDir(dataDir, config), DRILL_FILE);
  if (!fs.existsSync(file)) return null;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as RestoreDrill;
  } catch {
    // A torn write of this small record loses only the record, never a backup.
    return null;
  }
}
