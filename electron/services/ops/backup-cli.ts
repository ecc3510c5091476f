/**
 * Store IT's backup commands:
 *   npm run backup  -- [--data-dir DIR] [--list]
 *   npm run restore -- [--data-dir DIR] (--latest | --from FILE) [--yes]
 * A backup runs beside a running kiosk (online backup). A restore needs the kiosk closed; it keeps
 * the replaced database next to the new one and re-queues outbox events the backup lacks.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isAppError } from '../../contract/result.js';
import { loadConfig } from '../../core/config.js';
import { DB_FILE_NAME, defaultDataDir } from '../../core/data-dir.js';
import { openDatabase } from '../../db/connection.js';
import { assertDatabaseNotInUse, backupDir, cleanBackupLeftovers, createBackup, listBackups, loadOrCreateBackupKey, restoreBackup } from './backup.js';
import { integrityCheck } from './ops-repository.js';

const USAGE = `Usage:
  npm run backup  -- [--data-dir DIR] [--list]
  npm run restore -- [--data-dir DIR] (--latest | --from FILE) [--yes]`;

export async function runBackupCli(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      'data-dir': { type: 'string' },
      list: { type: 'boolean', default: false },
      latest: { type: 'boolean', default: false },
      from: { type: 'string' },
      yes: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir());
  const config = loadConfig(dataDir);
  const dbFile = path.join(dataDir, DB_FILE_NAME);
  const dir = backupDir(dataDir, config);

  if (command === 'backup') {
    if (values.list) {
      const all = listBackups(dir);
      if (all.length === 0) out(`No backups in ${dir}`);
      for (const b of all) out(`${b.createdAt}  ${b.fileName}  ${(b.sizeBytes / 1024).toFixed(0)} KB  schema ${b.schemaVersion}`);
      return 0;
    }
    // A running kiosk may be backing up at this moment: its .partial is not ours to remove.
    if (!fs.existsSync(dbFile)) {
      out(`No store database at ${dbFile}: nothing to back up.`);
      return 1;
    }
    const db = openDatabase(dbFile, { readonly: true });
    try {
      const info = await createBackup({ db, dataDir, config });
      out(`Backup written: ${info.file} (${(info.sizeBytes / 1024).toFixed(0)} KB). Keep a copy of ${path.join(dataDir, 'keys', 'backup.key')} with your installation records: without it no backup can be read.`);
      return 0;
    } finally {
      db.close();
    }
  }

  if (command === 'restore') {
    const source = values.from ? path.resolve(values.from) : values.latest ? listBackups(dir)[0]?.file : undefined;
    if (!source) {
      out(values.latest ? `No backups in ${dir}` : `Say which backup: --latest or --from FILE\n${USAGE}`);
      return 2;
    }
    assertDatabaseNotInUse(dbFile);
    // The kiosk is closed, so no backup or restore is running: leftovers of a killed one go now.
    cleanBackupLeftovers(dataDir, config);
    if (!values.yes) {
      out(`This replaces ${dbFile} with ${source}.\nThe current file is kept beside it. Run again with --yes to proceed.`);
      return 2;
    }
    const result = await restoreBackup({ backupFile: source, dbFile, key: loadOrCreateBackupKey(dataDir) });
    const check = openDatabase(dbFile);
    try {
      out(`Restored the backup of ${result.backupCreatedAt} (integrity_check: ${integrityCheck(check).join(', ')}).`);
    } finally {
      check.close();
    }
    if (result.previousMovedTo) out(`The replaced database was kept as ${result.previousMovedTo}.`);
    out(`${result.salvagedOutboxEvents} event(s) for HQ recorded after the backup were recovered from the old file and re-queued.`);
    return 0;
  }
  out(USAGE);
  return 2;
}

if (process.argv[1] && path.resolve(process.argv[1]).replace(/\.ts$/, '') === path.resolve(import.meta.filename).replace(/\.(ts|js)$/, '')) {
  runBackupCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(isAppError(error) ? `${error.code}: ${error.message}` : `failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
