/**
 * The kiosk process of the backup kill test: backs up the store database again and again (as the
 * scheduled backup does, online, beside a live connection that keeps committing) until the parent
 * kills it with SIGKILL at a seeded moment.
 *
 * Protocol on stdout, one line each: `READY`, `B <n>` when backup n starts, `D <n>` when it is done.
 * argv: <dataDir>
 */
import path from 'node:path';
import { defaultConfig } from '../../../electron/core/config.js';
import { openDatabase } from '../../../electron/db/connection.js';
import { createBackup } from '../../../electron/services/ops/backup.js';

const [dataDir] = process.argv.slice(2) as [string];
const config = defaultConfig();
config.backup.keep = 3;
const db = openDatabase(path.join(dataDir, 'store.sqlite'));
const insert = db.prepare('INSERT INTO crash_notes (note) VALUES (?)');
const out = (line: string) => process.stdout.write(`${line}\n`);
// Distinct, increasing backup names without waiting for the wall clock to tick.
const base = Date.UTC(2026, 0, 1) + Number(process.pid) * 1000;
let n = 0;
out('READY');

async function loop(): Promise<void> {
  for (;;) {
    insert.run(`written before backup ${n}`);
    out(`B ${n}`);
    await createBackup({ db, dataDir, config, now: new Date(base + n * 1000) });
    out(`D ${n}`);
    n++;
  }
}
void loop();
