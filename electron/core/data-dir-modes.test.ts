import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureDataDir } from './data-dir.js';
import { openDatabase } from '../db/connection.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

describe.runIf(process.platform !== 'win32')('store file modes', () => {
  it('a data folder that already exists 0755 becomes 0700, and store.sqlite and its WAL are created 0600', () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-modes-'));
    dirs.push(parent);
    const dataDir = path.join(parent, 'data');
    fs.mkdirSync(dataDir, { mode: 0o755 });
    fs.chmodSync(dataDir, 0o755);
    const previous = process.umask(0o022);
    try {
      ensureDataDir(dataDir);
      const db = openDatabase(path.join(dataDir, 'store.sqlite'));
      try {
        db.exec('CREATE TABLE t (x INTEGER) STRICT; INSERT INTO t VALUES (1)');
        expect(modeOf(dataDir)).toBe(0o700);
        expect(modeOf(path.join(dataDir, 'store.sqlite'))).toBe(0o600);
        expect(modeOf(path.join(dataDir, 'store.sqlite-wal'))).toBe(0o600);
        expect(modeOf(path.join(dataDir, 'store.sqlite-shm'))).toBe(0o600);
      } finally {
        db.close();
      }
    } finally {
      process.umask(previous);
    }
  });

  it('files and folders left readable by others (keys, database, backups, logs) become owner-only at start-up', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-modes-'));
    dirs.push(dataDir);
    fs.chmodSync(dataDir, 0o755);
    for (const sub of ['keys', 'backups', 'logs']) fs.mkdirSync(path.join(dataDir, sub), { mode: 0o755 });
    const files = ['store.sqlite', 'keys/backup.key', 'keys/face-template.key', 'backups/store-x.mkbak', 'logs/kiosk.log', 'config.json'];
    for (const f of files) fs.writeFileSync(path.join(dataDir, f), 'x', { mode: 0o644 });
    // openDatabase alone must also fix an existing 0644 database (the CLI opens it without ensureDataDir).
    fs.chmodSync(path.join(dataDir, 'store.sqlite'), 0o644);
    fs.rmSync(path.join(dataDir, 'store.sqlite'));
    openDatabase(path.join(dataDir, 'store.sqlite')).close();
    fs.chmodSync(path.join(dataDir, 'store.sqlite'), 0o644);
    openDatabase(path.join(dataDir, 'store.sqlite')).close();
    expect(modeOf(path.join(dataDir, 'store.sqlite'))).toBe(0o600);

    fs.chmodSync(path.join(dataDir, 'store.sqlite'), 0o644);
    ensureDataDir(dataDir);
    expect(modeOf(dataDir)).toBe(0o700);
    for (const sub of ['keys', 'backups', 'logs']) expect(modeOf(path.join(dataDir, sub)), sub).toBe(0o700);
    for (const f of files) expect(modeOf(path.join(dataDir, f)), f).toBe(0o600);
  });
});
