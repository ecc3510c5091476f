import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { AppError } from '../../contract/result.js';
import type { AppConfig } from '../../core/config.js';
import type { Logger } from '../../core/logger.js';
import { APPLICATION_ID, schemaVersion, type Db } from '../../db/connection.js';
import { hardenTree } from '../../db/file-modes.js';
import { applicationId, insertMissingOutboxRows, integrityCheck, openReadOnly, readOutboxRows, type OutboxRow } from './ops-repository.js';
import Database from 'better-sqlite3';

/**
 * Encrypted online backups of the store database.
 *
 * File format (`store-<UTC time>.mkbak`):
 *   "MKSKBAK1" | header length (u32 BE) | header JSON | IV (12) | AES-256-GCM( gzip(SQLite file) ) | tag (16)
 * The header (format, created time, store id, schema version, sizes) is authenticated as GCM
 * additional data, so it cannot be altered without the restore noticing.
 *
 * The key is 32 random bytes in <dataDir>/keys/backup.key (0600). It is useless to whoever copies
 * only the backup folder (e.g. a USB stick or a second disk); store IT keeps a copy of the key
 * file with the installation records, or a lost disk takes the key with it (docs/store-it.md).
 */
export const BACKUP_MAGIC = Buffer.from('MKSKBAK1', 'ascii');
export const BACKUP_EXT = '.mkbak';
export const BACKUP_KEY_FILE = path.join('keys', 'backup.key');

export interface BackupHeader {
  format: 1;
  createdAt: string;
  storeId: string;
  schemaVersion: number;
  plainBytes: number;
}

export interface BackupInfo {
  file: string;
  fileName: string;
  createdAt: string;
  sizeBytes: number;
  schemaVersion: number;
}

/** The backup folder: backup.dir (relative to the data folder when not absolute), else <dataDir>/backups. */
export function backupDir(dataDir: string, config: AppConfig): string {
  return path.resolve(dataDir, config.backup.dir ?? 'backups');
}

/** The backup key: created on first use, readable only by the kiosk's user. */
export function loadOrCreateBackupKey(dataDir: string): Buffer {
  const file = path.join(dataDir, BACKUP_KEY_FILE);
  if (fs.existsSync(file)) {
    const key = fs.readFileSync(file);
    if (key.length !== 32) throw new AppError('BACKUP_KEY_INVALID', `${file} must hold 32 bytes; restore it from the installation records`);
    return key;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  fs.writeFileSync(file, key, { mode: 0o600, flag: 'wx' });
  return key;
}

function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Backs up the live database without stopping the kiosk, verifies the copy, encrypts it, then
 * applies retention. No plaintext copy ever reaches the disk: the database is serialized into
 * memory (one consistent read transaction, WAL content included), checked there, and streamed
 * through gzip and AES-GCM into a 0600 `.partial` file that is renamed once complete. A kill at any
 * moment leaves at most an encrypted `.partial`, which start-up removes (cleanBackupLeftovers).
 */
export async function createBackup(options: { db: Db; dataDir: string; config: AppConfig; now?: Date; log?: Logger; key?: Buffer }): Promise<BackupInfo> {
  const dir = backupDir(options.dataDir, options.config);
  const now = options.now ?? new Date();
  const key = options.key ?? loadOrCreateBackupKey(options.dataDir);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  hardenTree(dir, 0);
  const fileName = `store-${stamp(now)}${BACKUP_EXT}`;
  const target = path.join(dir, fileName);
  const partial = `${target}${PARTIAL_SUFFIX}`;
  try {
    const image = asRollbackJournalImage(options.db.serialize());
    let version: number;
    const copy = new Database(image);
    try {
      const problems = integrityCheck(copy);
      if (problems.length !== 1 || problems[0] !== 'ok') {
        throw new AppError('BACKUP_FAILED', `The backup copy failed its integrity check: ${problems.slice(0, 3).join('; ')}`);
      }
      version = schemaVersion(copy);
    } finally {
      copy.close();
    }
    const header: BackupHeader = {
      format: 1,
      createdAt: now.toISOString(),
      storeId: options.config.store.id,
      schemaVersion: version,
      plainBytes: image.length,
    };
    await encryptToFile(image, partial, key, header);
    image.fill(0);
    fs.renameSync(partial, target);
    const info: BackupInfo = { file: target, fileName, createdAt: header.createdAt, sizeBytes: fs.statSync(target).size, schemaVersion: version };
    const removed = applyRetention(dir, options.config.backup.keep);
    options.log?.info('backup.created', { fileName, sizeBytes: info.sizeBytes, removedOld: removed.length });
    return info;
  } catch (error) {
    options.log?.error('backup.failed', { error: (error as Error).message });
    if (error instanceof AppError) throw error;
    throw new AppError('BACKUP_FAILED', `Backup failed: ${(error as Error).message}`, { retryable: true, cause: error });
  } finally {
    fs.rmSync(partial, { force: true });
  }
}

/**
 * A serialized WAL-mode database says so in its header (file format bytes 18/19 = 2); an image
 * opened from memory or restored to a file alone must read as a self-contained rollback-journal file (1).
 */
function asRollbackJournalImage(image: Buffer): Buffer {
  if (image.length >= 20 && image[18] === 2 && image[19] === 2) {
    image[18] = 1;
    image[19] = 1;
  }
  return image;
}

async function encryptToFile(plain: Buffer, target: string, key: Buffer, header: BackupHeader): Promise<void> {
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(headerBytes);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(headerBytes.length);
  const out = fs.createWriteStream(target, { mode: 0o600, flags: 'wx' });
  out.write(Buffer.concat([BACKUP_MAGIC, len, headerBytes, iv]));
  await pipeline(chunksOf(plain, 1 << 20), zlib.createGzip({ level: 6 }), cipher, out, { end: false });
  await new Promise<void>((resolve, reject) => {
    out.end(cipher.getAuthTag(), () => resolve());
    out.once('error', reject);
  });
  const fd = fs.openSync(target, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** The image in 1 MiB slices, so gzip and the cipher yield to the event loop between them. */
function chunksOf(buffer: Buffer, size: number): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; i < buffer.length; i += size) yield buffer.subarray(i, Math.min(buffer.length, i + size));
    })(),
  );
}

/**
 * Removes what an interrupted backup or restore left behind: encrypted `.partial` files, plaintext
 * copies written by older versions (`.plain-tmp`, with their -wal/-shm/-journal), and a restore's
 * 0600 decrypted temp file in the data folder. Runs at start-up and before each CLI command, when no
 * backup of this installation can be in progress. Returns the removed names (for the log).
 */
export function cleanBackupLeftovers(dataDir: string, config: AppConfig): string[] {
  const removed: string[] = [];
  const sweep = (dir: string, isLeftover: (name: string) => boolean) => {
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      return; // no such folder yet: nothing was ever written there
    }
    for (const name of names.filter(isLeftover)) {
      fs.rmSync(path.join(dir, name), { force: true });
      removed.push(name);
    }
  };
  const dir = backupDir(dataDir, config);
  sweep(dir, (n) => n.endsWith(PARTIAL_SUFFIX) || LEGACY_PLAIN_TMP.test(n));
  sweep(dataDir, (n) => RESTORE_TMP.test(n));
  hardenTree(dir, 1);
  return removed;
}

const PARTIAL_SUFFIX = '.partial';
const LEGACY_PLAIN_TMP = /\.plain-tmp(-wal|-shm|-journal)?$/;
const RESTORE_TMP = /^\.restore-\d+\.sqlite(-wal|-shm|-journal)?$/;

/** Reads a backup's header without the key (for listings). */
export function readBackupHeader(file: string): { header: BackupHeader; bodyOffset: number } {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(12);
    fs.readSync(fd, head, 0, 12, 0);
    if (!head.subarray(0, 8).equals(BACKUP_MAGIC)) throw new AppError('BACKUP_INVALID', `${path.basename(file)} is not a Member Kiosk backup`);
    const len = head.readUInt32BE(8);
    if (len > 64 * 1024) throw new AppError('BACKUP_INVALID', `${path.basename(file)} has a damaged header`);
    const json = Buffer.alloc(len);
    fs.readSync(fd, json, 0, len, 12);
    let header: BackupHeader;
    try {
      header = JSON.parse(json.toString('utf8')) as BackupHeader;
    } catch {
      throw new AppError('BACKUP_INVALID', `${path.basename(file)} has a damaged header`);
    }
    return { header, bodyOffset: 12 + len };
  } finally {
    fs.closeSync(fd);
  }
}

/** Decrypts and decompresses a backup into a plain SQLite file; a wrong key or any altered byte fails. */
export async function decryptBackup(file: string, key: Buffer, target: string): Promise<BackupHeader> {
  const { header, bodyOffset } = readBackupHeader(file);
  const size = fs.statSync(file).size;
  if (size < bodyOffset + 12 + 16) throw new AppError('BACKUP_INVALID', `${path.basename(file)} is truncated`);
  const fd = fs.openSync(file, 'r');
  const iv = Buffer.alloc(12);
  const tag = Buffer.alloc(16);
  let rawHeader: Buffer;
  try {
    fs.readSync(fd, iv, 0, 12, bodyOffset);
    fs.readSync(fd, tag, 0, 16, size - 16);
    rawHeader = Buffer.alloc(bodyOffset - 12);
    fs.readSync(fd, rawHeader, 0, rawHeader.length, 12);
  } finally {
    fs.closeSync(fd);
  }
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(rawHeader);
  decipher.setAuthTag(tag);
  try {
    await pipeline(
      fs.createReadStream(file, { start: bodyOffset + 12, end: size - 17 }),
      decipher,
      zlib.createGunzip(),
      fs.createWriteStream(target, { mode: 0o600 }),
    );
  } catch (error) {
    fs.rmSync(target, { force: true });
    throw new AppError('BACKUP_INVALID', `${path.basename(file)} cannot be decrypted (wrong key or damaged file): ${(error as Error).message}`, { cause: error });
  }
  return header;
}

/** Backups in a folder, newest first; files that are not readable backups are skipped. */
export function listBackups(dir: string): BackupInfo[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith(BACKUP_EXT));
  } catch {
    return [];
  }
  const out: BackupInfo[] = [];
  for (const fileName of names) {
    const file = path.join(dir, fileName);
    try {
      const { header } = readBackupHeader(file);
      out.push({ file, fileName, createdAt: header.createdAt, sizeBytes: fs.statSync(file).size, schemaVersion: header.schemaVersion });
    } catch {
      // not a backup of ours (or damaged): never counted, never deleted by retention
    }
  }
  return out.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

function applyRetention(dir: string, keep: number): string[] {
  const removed: string[] = [];
  for (const old of listBackups(dir).slice(keep)) {
    fs.rmSync(old.file, { force: true });
    removed.push(old.fileName);
  }
  return removed;
}

/**
 * Refuses to restore under a running kiosk. A WAL connection keeps a shared lock on the database
 * file while it is open (in any process), so an exclusive lock succeeds only when nobody has it open.
 */
export function assertDatabaseNotInUse(dbFile: string): void {
  if (!fs.existsSync(dbFile)) return;
  let db: Db | null = null;
  try {
    db = new Database(dbFile, { timeout: 0 });
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
      throw new AppError('DB_IN_USE', 'The store database is open in a running kiosk. Close Member Kiosk (staff exit) and try again.');
    }
    // A damaged file cannot be locked cleanly either; that is exactly what a restore is for.
  } finally {
    db?.close();
  }
}

export interface RestoreResult {
  restoredFrom: string;
  backupCreatedAt: string;
  schemaVersion: number;
  /** Where the replaced (damaged) database was moved, for forensics; null if there was none. */
  previousMovedTo: string | null;
  /** Outbox events read from the damaged database that the backup lacked, re-queued for HQ. */
  salvagedOutboxEvents: number;
}

/**
 * Replaces the store database with a backup. The kiosk must be stopped (the caller checks).
 * Steps: decrypt to a temp file, integrity_check it, salvage outbox events from the damaged file
 * (events committed after the backup are not lost for HQ), move the damaged file aside, swap in.
 */
export async function restoreBackup(options: { backupFile: string; dbFile: string; key: Buffer; now?: Date; log?: Logger }): Promise<RestoreResult> {
  const dir = path.dirname(options.dbFile);
  const tmp = path.join(dir, `.restore-${process.pid}.sqlite`);
  const now = options.now ?? new Date();
  try {
    const header = await decryptBackup(options.backupFile, options.key, tmp);
    const restored = new Database(tmp);
    let salvaged = 0;
    try {
      const problems = integrityCheck(restored);
      if (problems.length !== 1 || problems[0] !== 'ok') throw new AppError('BACKUP_INVALID', `The backup fails integrity_check: ${problems.slice(0, 3).join('; ')}`);
      if (applicationId(restored) !== APPLICATION_ID) throw new AppError('BACKUP_INVALID', 'The backup is not a Member Kiosk store database');
      const rescued = salvageOutbox(options.dbFile, options.log);
      if (rescued.length > 0) salvaged = insertMissingOutboxRows(restored, rescued);
      restored.pragma('journal_mode = DELETE');
    } finally {
      restored.close();
    }
    let previousMovedTo: string | null = null;
    if (fs.existsSync(options.dbFile)) {
      previousMovedTo = `${options.dbFile}.replaced-${stamp(now)}`;
      fs.renameSync(options.dbFile, previousMovedTo);
    }
    for (const suffix of ['-wal', '-shm']) {
      const side = `${options.dbFile}${suffix}`;
      if (fs.existsSync(side)) {
        if (previousMovedTo) fs.renameSync(side, `${previousMovedTo}${suffix}`);
        else fs.rmSync(side);
      }
    }
    fs.renameSync(tmp, options.dbFile);
    options.log?.warn('backup.restored', { from: path.basename(options.backupFile), backupCreatedAt: header.createdAt, salvaged });
    return {
      restoredFrom: options.backupFile,
      backupCreatedAt: header.createdAt,
      schemaVersion: header.schemaVersion,
      previousMovedTo,
      salvagedOutboxEvents: salvaged,
    };
  } finally {
    for (const leftover of [tmp, `${tmp}-journal`, `${tmp}-wal`, `${tmp}-shm`]) fs.rmSync(leftover, { force: true });
  }
}

/** Reads whatever outbox rows the damaged database still yields; a file too broken to read yields none. */
function salvageOutbox(dbFile: string, log?: Logger): OutboxRow[] {
  if (!fs.existsSync(dbFile)) return [];
  let db: Db | null = null;
  try {
    db = openReadOnly(dbFile);
    return readOutboxRows(db);
  } catch (error) {
    log?.warn('backup.salvage_failed', { error: (error as Error).message });
    return [];
  } finally {
    db?.close();
  }
}
