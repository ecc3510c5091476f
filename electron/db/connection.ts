import Database from 'better-sqlite3';
import { AppError } from '../contract/result.js';
import { ensurePrivateFile } from './file-modes.js';
import type { Migration } from './migration.js';
import { migrations as shippedMigrations } from './migrations/index.js';

export type Db = Database.Database;

/** Marks a file as a Member Kiosk store database ("MKSK"), so we never migrate someone else's SQLite file. */
export const APPLICATION_ID = 0x4d4b534b;

export interface OpenOptions {
  migrations?: readonly Migration[];
  readonly?: boolean;
}

/**
 * Opens the store database: WAL, foreign keys, full fsync on commit (a sale must survive a power cut),
 * then applies pending migrations in one transaction. Refuses a database written by a newer app.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const list = options.migrations ?? shippedMigrations;
  let db: Db;
  // Created 0600 before SQLite opens it (SQLite would create it under the umask, often 0644); its
  // -wal/-shm inherit the main file's mode.
  if (!options.readonly && file !== ':memory:' && file !== '') ensurePrivateFile(file, ['-wal', '-shm', '-journal']);
  try {
    db = new Database(file, { readonly: options.readonly ?? false });
  } catch (error) {
    throw new AppError('DATA_DIR_UNUSABLE', `Cannot open the store database at ${file}: ${(error as Error).message}`, { cause: error });
  }
  try {
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      // Deleted rows are overwritten with zeros in their page, so an erased member's data (face
      // templates above all) does not linger in free space. Set per connection, not stored in the file.
      db.pragma('secure_delete = ON');
    }
    db.pragma('foreign_keys = ON');
    if (!options.readonly) migrate(db, list);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function latestVersion(list: readonly Migration[] = shippedMigrations): number {
  return list.reduce((max, m) => Math.max(max, m.version), 0);
}

export function migrate(db: Db, list: readonly Migration[]): void {
  assertOrdered(list);
  const current = schemaVersion(db);
  const appId = db.pragma('application_id', { simple: true }) as number;
  const latest = latestVersion(list);
  const isEmpty = (db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'").get() as { n: number }).n === 0;

  if (appId !== APPLICATION_ID && !(appId === 0 && current === 0 && isEmpty)) {
    throw new AppError('DB_NOT_KIOSK', 'This file is not a Member Kiosk store database; refusing to change it.');
  }
  if (current > latest) {
    throw new AppError(
      'DB_TOO_NEW',
      `The store database is at schema version ${current}, but this app knows only up to ${latest}. ` +
        'It was written by a newer Member Kiosk: install that version (or newer) instead of downgrading.',
    );
  }
  const pending = list.filter((m) => m.version > current);
  if (pending.length === 0) return;

  // One transaction for all pending steps: a failure leaves the database exactly as it was.
  const apply = db.transaction(() => {
    for (const m of pending) {
      try {
        db.exec(m.sql);
      } catch (error) {
        throw new AppError('MIGRATION_FAILED', `Migration ${m.version} (${m.name}) failed: ${(error as Error).message}`, { cause: error });
      }
    }
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${latest}`);
  });
  apply.immediate();
}

function assertOrdered(list: readonly Migration[]): void {
  list.forEach((m, i) => {
    const prev = i === 0 ? 0 : (list[i - 1] as Migration).version;
    if (!Number.isInteger(m.version) || m.version <= prev) {
      throw new Error(`Migrations must have strictly increasing integer versions; found ${m.version} after ${prev}`);
    }
  });
}
