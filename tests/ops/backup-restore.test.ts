/**
 * Backups and the restore drill: back up a live kiosk database (online), corrupt the live file,
 * restore, and check that integrity_check is clean and no committed outbox event is lost —
 * including events committed after the backup, which the restore salvages from the damaged file
 * while it is still readable.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultConfig, parseConfig, type AppConfig } from '../../electron/core/config.js';
import { createMemoryLogger } from '../../electron/core/logger.js';
import { openDatabase, type Db } from '../../electron/db/connection.js';
import {
  assertDatabaseNotInUse,
  BACKUP_KEY_FILE,
  backupDir,
  createBackup,
  listBackups,
  loadOrCreateBackupKey,
  restoreBackup,
} from '../../electron/services/ops/backup.js';
import { scheduleBackups } from '../../electron/services/ops/backup-schedule.js';
import { runBackupCli } from '../../electron/services/ops/backup-cli.js';
import { integrityCheck, quickCheck } from '../../electron/services/ops/ops-repository.js';

const dirs: string[] = [];
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-backup-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  vi.useRealTimers();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** Commits `n` outbox events the way the services do (one transaction each, per-member sequence). */
function commitEvents(db: Db, n: number, tag: string): string[] {
  const ids: string[] = [];
  const nextSeq = db.prepare(`INSERT INTO member_event_seq (member_id, last_seq) VALUES (?, 1) ON CONFLICT (member_id) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq`);
  const insert = db.prepare(`INSERT INTO outbox (event_id, kind, member_id, member_seq, schema_version, payload, occurred_at) VALUES (?, 'checkin.recorded', ?, ?, 1, ?, ?)`);
  for (let i = 0; i < n; i++) {
    const id = randomUUID();
    const member = `m-${i % 5}`;
    db.transaction(() => {
      const { last_seq } = nextSeq.get(member) as { last_seq: number };
      insert.run(id, member, last_seq, JSON.stringify({ tag, i }), new Date().toISOString());
    })();
    ids.push(id);
  }
  return ids;
}

/** A large unrelated table whose pages the test can destroy without touching the outbox. */
function addFiller(db: Db): void {
  db.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, data BLOB NOT NULL)');
  const insert = db.prepare('INSERT INTO filler (data) VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < 400; i++) insert.run(randomBytes(1500));
  })();
}

/** Overwrites the filler table's pages (found with dbstat) in the file with garbage. */
function corruptFillerPages(dbFile: string): void {
  const db = openDatabase(dbFile);
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const pages = (db.prepare("SELECT pageno FROM dbstat WHERE name = 'filler' AND pagetype <> 'internal'").pluck().all() as number[]).filter((p) => p > 2);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const fd = fs.openSync(dbFile, 'r+');
  for (const p of pages.slice(0, 40)) fs.writeSync(fd, randomBytes(pageSize), 0, pageSize, (p - 1) * pageSize);
  fs.closeSync(fd);
}

function setup(config: AppConfig = defaultConfig()) {
  const dataDir = tmp();
  const dbFile = path.join(dataDir, 'store.sqlite');
  const db = openDatabase(dbFile);
  return { dataDir, dbFile, db, config };
}

function outboxIds(dbFile: string): Set<string> {
  const db = openDatabase(dbFile);
  try {
    return new Set(db.prepare('SELECT event_id FROM outbox').pluck().all() as string[]);
  } finally {
    db.close();
  }
}

describe('restore drill', () => {
  it('back up, corrupt the live file, restore: integrity clean, no committed event lost', async () => {
    const { dataDir, dbFile, db, config } = setup();
    const before = commitEvents(db, 120, 'before');
    addFiller(db);
    const backup = await createBackup({ db, dataDir, config });
    const after = commitEvents(db, 30, 'after'); // committed after the backup
    db.close();

    corruptFillerPages(dbFile);
    const damaged = openDatabase(dbFile, { readonly: true });
    expect(quickCheck(damaged)).not.toEqual(['ok']);
    damaged.close();

    const result = await restoreBackup({ backupFile: backup.file, dbFile, key: loadOrCreateBackupKey(dataDir), log: createMemoryLogger() });
    expect(result.salvagedOutboxEvents).toBe(30);
    expect(fs.existsSync(result.previousMovedTo!)).toBe(true);

    const restored = openDatabase(dbFile); // the app opens it as usual (migrations, WAL)
    try {
      expect(integrityCheck(restored)).toEqual(['ok']);
      const ids = new Set(restored.prepare('SELECT event_id FROM outbox').pluck().all() as string[]);
      for (const id of [...before, ...after]) expect(ids.has(id), id).toBe(true);
      // The next event of a member continues after the salvaged ones: no sequence number reused.
      const [next] = commitEvents(restored, 1, 'next');
      const row = restored.prepare('SELECT member_id, member_seq FROM outbox WHERE event_id = ?').get(next) as { member_id: string; member_seq: number };
      const max = restored.prepare('SELECT max(member_seq) AS m FROM outbox WHERE member_id = ? AND event_id <> ?').get(row.member_id, next) as { m: number };
      expect(row.member_seq).toBe(max.m + 1);
    } finally {
      restored.close();
    }
  });

  it('a destroyed live file: the backup comes back whole', async () => {
    const { dataDir, dbFile, db, config } = setup();
    const before = commitEvents(db, 50, 'before');
    const backup = await createBackup({ db, dataDir, config });
    db.close();
    fs.writeFileSync(dbFile, randomBytes(8192));
    const result = await restoreBackup({ backupFile: backup.file, dbFile, key: loadOrCreateBackupKey(dataDir) });
    expect(result.salvagedOutboxEvents).toBe(0);
    const ids = outboxIds(dbFile);
    for (const id of before) expect(ids.has(id)).toBe(true);
  });

  it('refuses to restore under a running kiosk', async () => {
    const { dataDir, dbFile, db, config } = setup();
    await createBackup({ db, dataDir, config });
    expect(() => assertDatabaseNotInUse(dbFile)).toThrow(/running kiosk/);
    expect(await runBackupCli(['restore', '--data-dir', dataDir, '--latest', '--yes'], () => {}).catch((e: Error) => e.message)).toMatch(/running kiosk/);
    db.close();
    expect(() => assertDatabaseNotInUse(dbFile)).not.toThrow();
  });
});

describe('backup files', () => {
  it('are encrypted: no SQLite header or payload text, key file 0600', async () => {
    const { dataDir, db, config } = setup();
    commitEvents(db, 10, 'secret-payload-marker');
    const info = await createBackup({ db, dataDir, config });
    db.close();
    const bytes = fs.readFileSync(info.file);
    expect(bytes.includes(Buffer.from('SQLite format 3'))).toBe(false);
    expect(bytes.includes(Buffer.from('secret-payload-marker'))).toBe(false);
    expect(fs.statSync(path.join(dataDir, BACKUP_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.dirname(info.file)).filter((f) => !f.endsWith('.mkbak'))).toEqual([]); // no plaintext left behind
  });

  it('a wrong key, a flipped byte or an edited header is refused, and the live file is untouched', async () => {
    const { dataDir, dbFile, db, config } = setup();
    commitEvents(db, 10, 'x');
    const info = await createBackup({ db, dataDir, config });
    db.close();
    const liveBefore = fs.readFileSync(dbFile);
    await expect(restoreBackup({ backupFile: info.file, dbFile, key: randomBytes(32) })).rejects.toMatchObject({ code: 'BACKUP_INVALID' });

    const flipped = path.join(dataDir, 'flipped.mkbak');
    const bytes = fs.readFileSync(info.file);
    bytes[bytes.length - 100] = (bytes[bytes.length - 100] ?? 0) ^ 1;
    fs.writeFileSync(flipped, bytes);
    await expect(restoreBackup({ backupFile: flipped, dbFile, key: loadOrCreateBackupKey(dataDir) })).rejects.toMatchObject({ code: 'BACKUP_INVALID' });

    const edited = path.join(dataDir, 'edited.mkbak');
    fs.writeFileSync(edited, Buffer.from(fs.readFileSync(info.file).toString('latin1').replace('"schemaVersion":', '"schemaVersion":9').replace(/"format":1,/, '"format":1,'), 'latin1'));
    await expect(restoreBackup({ backupFile: edited, dbFile, key: loadOrCreateBackupKey(dataDir) })).rejects.toMatchObject({ code: 'BACKUP_INVALID' });
    expect(fs.readFileSync(dbFile).equals(liveBefore)).toBe(true);
  });

  it('retention keeps the newest N and ignores files that are not our backups', async () => {
    const config = parseConfig({ backup: { keep: 3 } });
    const { dataDir, db } = setup(config);
    const dir = backupDir(dataDir, config);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'notes.mkbak'), 'not a backup');
    for (let d = 1; d <= 5; d++) await createBackup({ db, dataDir, config, now: new Date(`2026-11-0${d}T02:00:00Z`) });
    db.close();
    const left = listBackups(dir);
    expect(left.map((b) => b.createdAt)).toEqual(['2026-11-05T02:00:00.000Z', '2026-11-04T02:00:00.000Z', '2026-11-03T02:00:00.000Z']);
    expect(fs.existsSync(path.join(dir, 'notes.mkbak'))).toBe(true);
  });

  it('the schedule backs up after start and then every interval', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'Date'] });
    vi.setSystemTime(new Date('2026-11-22T01:00:00Z'));
    const config = parseConfig({ backup: { everyHours: 6 } });
    const { dataDir, db } = setup(config);
    const schedule = scheduleBackups({ db, dataDir, config, log: createMemoryLogger() });
    try {
      const dir = backupDir(dataDir, config);
      expect(listBackups(dir)).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(2 * 60_000 + 1);
      await vi.waitFor(() => expect(listBackups(dir)).toHaveLength(1), { timeout: 5000, interval: 20 });
      vi.setSystemTime(new Date('2026-11-22T07:05:00Z'));
      await vi.advanceTimersByTimeAsync(6 * 3600_000);
      await vi.waitFor(() => expect(listBackups(dir)).toHaveLength(2), { timeout: 5000, interval: 20 });
    } finally {
      schedule.stop();
      db.close();
    }
  });

  it('the backup CLI backs up beside a running kiosk and lists backups', async () => {
    const { dataDir, db } = setup();
    commitEvents(db, 3, 'cli');
    const lines: string[] = [];
    expect(await runBackupCli(['backup', '--data-dir', dataDir], (l) => lines.push(l))).toBe(0);
    expect(lines.join('\n')).toMatch(/Backup written: .*\.mkbak/);
    expect(await runBackupCli(['backup', '--data-dir', dataDir, '--list'], (l) => lines.push(l))).toBe(0);
    expect(lines.at(-1)).toMatch(/store-.*\.mkbak/);
    db.close();
    expect(await runBackupCli(['restore', '--data-dir', dataDir, '--latest'], (l) => lines.push(l))).toBe(2); // needs --yes
    expect(await runBackupCli(['restore', '--data-dir', dataDir, '--latest', '--yes'], (l) => lines.push(l))).toBe(0);
    expect(lines.join('\n')).toMatch(/integrity_check: ok/);
  });
});
