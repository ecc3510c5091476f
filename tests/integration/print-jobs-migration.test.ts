/**
 * Migration 14 rebuilds print_jobs to accept the member card and the erasure receipt: a store
 * upgraded from version 13 keeps its queue (states, reprint links, one-original-per-source rule).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../electron/db/connection.js';
import { migrations } from '../../electron/db/migrations/index.js';

const insert = `INSERT INTO print_jobs (id, kind, title, document, state, created_at, updated_at, reprint_of, source_ref)
  VALUES (?, ?, 'title', '{}', ?, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', ?, ?)`;

describe('print_jobs after migration 14', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps queued jobs and reprint links from version 13 and accepts the new kinds', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-print-mig-'));
    dirs.push(dir);
    const file = path.join(dir, 'store.sqlite');
    const old = openDatabase(file, { migrations: migrations.filter((m) => m.version <= 13) });
    expect(schemaVersion(old)).toBe(13);
    expect(() => old.prepare(insert).run('x', 'member-card', 'queued', null, null)).toThrow(/CHECK/);
    old.prepare(insert).run('a', 'purchase-receipt', 'printed', null, 'purchase:1');
    old.prepare(insert).run('b', 'purchase-receipt', 'queued', 'a', null);
    old.close();

    // Upgraded to the latest schema (14 and every later step).
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(Math.max(...migrations.map((m) => m.version)));
    expect(db.prepare('SELECT id, kind, state, reprint_of, source_ref FROM print_jobs ORDER BY id').all()).toEqual([
      { id: 'a', kind: 'purchase-receipt', state: 'printed', reprint_of: null, source_ref: 'purchase:1' },
      { id: 'b', kind: 'purchase-receipt', state: 'queued', reprint_of: 'a', source_ref: null },
    ]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.prepare(insert).run('c', 'member-card', 'queued', null, null);
    db.prepare(insert).run('d', 'erasure-receipt', 'queued', null, 'erasure:1');
    expect(() => db.prepare(insert).run('e', 'erasure-receipt', 'queued', null, 'erasure:1')).toThrow(/UNIQUE/);
    // The self-reference still points at print_jobs: deleting an original unlinks its copy.
    db.prepare("DELETE FROM print_jobs WHERE id = 'a'").run();
    expect(db.prepare("SELECT reprint_of FROM print_jobs WHERE id = 'b'").get()).toEqual({ reprint_of: null });
    db.close();
  });
});
