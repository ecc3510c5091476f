import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../electron/core/config.js';
import { ensureDataDir } from '../../electron/core/data-dir.js';
import { createMemoryLogger } from '../../electron/core/logger.js';
import { openDatabase } from '../../electron/db/connection.js';
import { decryptBackup, listBackups, loadOrCreateBackupKey } from '../../electron/services/ops/backup.js';
import { integrityCheck } from '../../electron/services/ops/ops-repository.js';
import { openStore } from '../../electron/services/start-services.js';
import { testRandom } from '../support/seeded-random.js';
import { until } from '../support/until.js';
import { runAndKill } from './support/run-and-kill.js';

const KILLS = 20;
const RUN_LIMIT_MS = 30_000;
const here = path.dirname(fileURLToPath(import.meta.url));
/** Written into the store; any file but the store itself that holds it is a plaintext copy. */
const CANARY = Buffer.from('crash-canary-7f3a9e1c-plaintext-member-data', 'utf8');
const SQLITE_MAGIC = Buffer.from('SQLite format 3\u0000', 'latin1');
const STORE_FILES = new Set(['store.sqlite', 'store.sqlite-wal', 'store.sqlite-shm']);

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/**
 * kill -9 during backups, KILLS times at seeded moments (a delay after a seeded backup starts, so the
 * kill falls anywhere from the in-memory copy to the last encrypted byte and the rename). After each
 * kill the store is opened the way start-up does. Then: no file but the store holds plaintext
 * database content (neither SQLite's header nor the canary row), no `.partial` is left, the live
 * database passes integrity_check, and the newest complete backup decrypts to a clean database.
 */
describe(`backup killed with SIGKILL ${KILLS} times`, () => {
  let work: string;
  let childJs: string;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-backup-kill-'));
    childJs = path.join(work, 'backup-child.mjs');
    await build({
      entryPoints: [path.join(here, 'support', 'backup-child.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      outfile: childJs,
      external: ['better-sqlite3'],
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      logLevel: 'silent',
    });
    fs.symlinkSync(path.resolve(here, '..', '..', 'node_modules'), path.join(work, 'node_modules'), 'dir');
  });
  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('leaves no plaintext copy, no partial file, and a clean database after every kill', async () => {
    const dataDir = ensureDataDir(path.join(work, 'store'));
    const config = defaultConfig();
    const log = createMemoryLogger();
    // A few MB of incompressible rows, so a backup takes long enough to be killed in the middle.
    const db = openDatabase(path.join(dataDir, 'store.sqlite'));
    db.exec('CREATE TABLE crash_notes (id INTEGER PRIMARY KEY, note TEXT NOT NULL) STRICT; CREATE TABLE crash_filler (id INTEGER PRIMARY KEY, data BLOB NOT NULL) STRICT');
    db.prepare('INSERT INTO crash_notes (note) VALUES (?)').run(CANARY.toString('utf8'));
    const fill = db.prepare('INSERT INTO crash_filler (data) VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 3000; i++) fill.run(randomBytes(2000));
    })();
    db.close();
    loadOrCreateBackupKey(dataDir);

    const random = testRandom(`backup-kill (${KILLS} kills)`);
    let partialsSeen = 0;
    for (let i = 0; i < KILLS; i++) {
      const startsBeforeKill = random.int(0, 2);
      const delayMs = random.int(0, 250);
      const where = `run ${i + 1}/${KILLS} (kill ${delayMs} ms into backup ${startsBeforeKill}, KIOSK_TEST_SEED=${random.seed})`;
      let started = -1;
      await runAndKill(
        childJs,
        [dataDir],
        (line) => {
          const [tag, n] = line.split(' ');
          if (tag === 'B') started = Number(n);
        },
        async () => {
          await until(() => started >= startsBeforeKill, `${where}: backup ${startsBeforeKill} starting`, RUN_LIMIT_MS, 2);
          if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
        },
        where,
        RUN_LIMIT_MS,
      );
      if (filesUnder(dataDir).some((f) => f.endsWith('.partial'))) partialsSeen++;

      // Restart: the store opens as at start-up.
      const reopened = openStore(dataDir, config, log);
      try {
        expect(integrityCheck(reopened), where).toEqual(['ok']);
      } finally {
        reopened.close();
      }
      const leftovers = filesUnder(dataDir).filter((f) => !STORE_FILES.has(path.relative(dataDir, f)));
      expect(leftovers.filter((f) => f.endsWith('.partial') || f.includes('.plain-tmp')), where).toEqual([]);
      for (const file of leftovers) {
        const bytes = fs.readFileSync(file);
        expect(bytes.includes(SQLITE_MAGIC) || bytes.includes(CANARY), `${where}: plaintext database content in ${path.relative(dataDir, file)}`).toBe(false);
      }
    }

    // The kills did land in the middle of writing a backup, not only between backups.
    expect(partialsSeen).toBeGreaterThan(KILLS / 4);
    const newest = listBackups(path.join(dataDir, 'backups'))[0];
    expect(newest).toBeDefined();
    const restored = path.join(work, 'restored.sqlite');
    await decryptBackup(newest!.file, loadOrCreateBackupKey(dataDir), restored);
    const copy = openDatabase(restored, { readonly: true });
    try {
      expect(integrityCheck(copy)).toEqual(['ok']);
      expect(copy.prepare('SELECT note FROM crash_notes WHERE id = 1').pluck().get()).toBe(CANARY.toString('utf8'));
    } finally {
      copy.close();
    }
    console.info(`[backup-kill] ${KILLS} kills (KIOSK_TEST_SEED=${random.seed}): ${partialsSeen} landed while an encrypted .partial was being written`);
  }, 300_000);
});
