import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../contract/result.js';
import { APPLICATION_ID, latestVersion, openDatabase, schemaVersion } from './connection.js';
import type { Migration } from './migration.js';

const dirs: string[] = [];
function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-db-'));
  dirs.push(dir);
  return path.join(dir, 'store.sqlite');
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const m1: Migration = { version: 1, name: 'one', sql: 'CREATE TABLE a (id INTEGER PRIMARY KEY, v TEXT NOT NULL) STRICT;' };
const m2: Migration = { version: 2, name: 'two', sql: "CREATE TABLE b (id INTEGER PRIMARY KEY) STRICT; INSERT INTO a (v) VALUES ('from-2');" };
const broken: Migration = { version: 3, name: 'broken', sql: "CREATE TABLE c (id INTEGER PRIMARY KEY) STRICT; INSERT INTO a (v) VALUES ('half'); INSERT INTO nowhere VALUES (1);" };

function tables(file: string): string[] {
  const db = new Database(file, { readonly: true });
  const names = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
  db.close();
  return names;
}

describe('store database', () => {
  it('opens with WAL, foreign keys and full sync, and applies every shipped migration', () => {
    const db = openDatabase(tempFile());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(schemaVersion(db)).toBe(latestVersion());
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    db.close();
  });

  it('applies only pending migrations on the next start', () => {
    const file = tempFile();
    openDatabase(file, { migrations: [m1] }).close();
    const db = openDatabase(file, { migrations: [m1, m2] });
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare('SELECT v FROM a').all()).toEqual([{ v: 'from-2' }]);
    db.close();
  });

  it('refuses a database written by a newer app, and leaves it untouched', () => {
    const file = tempFile();
    openDatabase(file, { migrations: [m1, m2] }).close();
    const before = fs.readFileSync(file);
    let caught: unknown;
    try {
      openDatabase(file, { migrations: [m1] });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('DB_TOO_NEW');
    expect((caught as AppError).message).toMatch(/schema version 2.*only up to 1.*newer Member Kiosk/s);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('a failing migration leaves the database exactly as it was', () => {
    const file = tempFile();
    openDatabase(file, { migrations: [m1, m2] }).close();
    expect(() => openDatabase(file, { migrations: [m1, m2, broken] })).toThrow(/Migration 3 \(broken\) failed/);
    const db = openDatabase(file, { migrations: [m1, m2] });
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare('SELECT v FROM a').all()).toEqual([{ v: 'from-2' }]);
    db.close();
    expect(tables(file)).toEqual(['a', 'b']);
  });

  it('a failing first migration leaves a new file empty', () => {
    const file = tempFile();
    expect(() => openDatabase(file, { migrations: [{ ...broken, version: 1 }] })).toThrow(AppError);
    expect(tables(file)).toEqual([]);
  });

  it('refuses to migrate an SQLite file that is not a kiosk database', () => {
    const file = tempFile();
    const other = new Database(file);
    other.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY)');
    other.close();
    expect(() => openDatabase(file)).toThrow(expect.objectContaining({ code: 'DB_NOT_KIOSK' }));
    expect(tables(file)).toEqual(['customers']);
  });

  it('refuses migrations whose versions do not increase', () => {
    expect(() => openDatabase(tempFile(), { migrations: [m2, m1] })).toThrow(/strictly increasing/);
  });
});
