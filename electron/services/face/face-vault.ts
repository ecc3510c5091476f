import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../contract/result.js';
import type { Db } from '../../db/connection.js';
import { ensurePrivateFile } from '../../db/file-modes.js';
import { FaceErrorCode } from './face-errors.js';

/**
 * The face vault: a small SQLite file beside the device keys (`<data>/keys/face-vault.sqlite`, 0600),
 * deliberately NOT inside the store database, so it is never in a backup. It holds
 *   - member_keys: each member's data key, wrapped (AES-GCM) by the device key. Templates, "not me"
 *     probes and any image are sealed under it; erasure deletes the row, which makes every copy of
 *     that member's sealed face data (free pages, WAL frames, old backups) undecryptable.
 *   - erasure_log: which members were erased and when, so that restoring an older backup erases
 *     them again (reapplyErasures at start-up).
 * secure_delete zeroes a deleted row's bytes in the page; the rollback journal (not WAL) means no
 * old frame of a deleted key outlives the transaction that deleted it.
 */
export const FACE_VAULT_FILE = path.join('keys', 'face-vault.sqlite');

export function openFaceVault(file: string): Db {
  let db: Db;
  try {
    if (file !== ':memory:') {
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      ensurePrivateFile(file, ['-journal']);
    }
    db = new Database(file);
  } catch (error) {
    throw new AppError(FaceErrorCode.KEY_UNAVAILABLE, `The face vault ${file} cannot be opened: ${(error as Error).message}`, { cause: error });
  }
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = DELETE');
  db.pragma('synchronous = FULL');
  db.pragma('secure_delete = ON');
  db.exec(`
    CREATE TABLE IF NOT EXISTS member_keys (
      member_id      TEXT PRIMARY KEY,
      wrapped        BLOB NOT NULL,
      device_key_id  TEXT NOT NULL,
      created_at     TEXT NOT NULL
    ) STRICT;
    CREATE TABLE IF NOT EXISTS erasure_log (
      member_id  TEXT PRIMARY KEY,
      erased_at  TEXT NOT NULL
    ) STRICT;
  `);
  return db;
}

/** The vault beside a store database file (tests and the CLI open the store without a data-dir context). */
export function vaultFileBeside(storeDbFile: string): string {
  return storeDbFile === '' || storeDbFile === ':memory:' ? ':memory:' : path.join(path.dirname(storeDbFile), FACE_VAULT_FILE);
}

export interface WrappedKeyRow {
  wrapped: Buffer;
  deviceKeyId: string;
}

export function readWrappedKey(vault: Db, memberId: string): WrappedKeyRow | undefined {
  return vault.prepare('SELECT wrapped, device_key_id AS deviceKeyId FROM member_keys WHERE member_id = ?').get(memberId) as WrappedKeyRow | undefined;
}

export function insertWrappedKey(vault: Db, memberId: string, wrapped: Buffer, deviceKeyId: string, at: string): void {
  vault.prepare('INSERT INTO member_keys (member_id, wrapped, device_key_id, created_at) VALUES (?, ?, ?, ?)').run(memberId, wrapped, deviceKeyId, at);
}

export function deleteWrappedKey(vault: Db, memberId: string): boolean {
  return vault.prepare('DELETE FROM member_keys WHERE member_id = ?').run(memberId).changes > 0;
}

/** Records an erasure (idempotent: the first time is kept). */
export function logErasure(vault: Db, memberId: string, at: string): void {
  vault.prepare('INSERT INTO erasure_log (member_id, erased_at) VALUES (?, ?) ON CONFLICT (member_id) DO NOTHING').run(memberId, at);
}

export function erasedMemberIds(vault: Db): string[] {
  return vault.prepare('SELECT member_id FROM erasure_log ORDER BY erased_at, member_id').pluck().all() as string[];
}
