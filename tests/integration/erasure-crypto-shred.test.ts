/**
 * Erasure that really erases. A member enrols a face; a backup is made; the member is erased. Then
 * the member's template (plaintext), its sealed row, the member's wrapped key and the key itself are
 * looked for in every file of the data folder (database file with its free pages, WAL, vault,
 * backups decrypted with the backup key, log files) and in the log lines: the old backup may still
 * hold the sealed row, but nothing anywhere can open it; nothing else holds any of it. Restoring
 * the old backup does not bring the member back.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../electron/core/clock.js';
import { createMemoryLogger } from '../../electron/core/logger.js';
import { decryptBackup, createBackup, listBackups, loadOrCreateBackupKey, restoreBackup, backupDir } from '../../electron/services/ops/backup.js';
import { startServices, type RunningServices } from '../../electron/services/start-services.js';
import { openBytes } from '../../electron/services/face/template-crypto.js';
import { until } from '../support/until.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/faces');
const photo = (name: string) => new Uint8Array(fs.readFileSync(path.join(FIXTURES, name)));
const log = createMemoryLogger();
let dataDir: string;
let services: RunningServices | null = null;

async function start(): Promise<RunningServices> {
  const s = await startServices({
    dataDir,
    transport: 'in-process',
    demo: true,
    log,
    clock: fixedClock('2026-11-22T02:00:00Z'),
    face: { hasFaceConsent: () => true },
  });
  await s.worker.whenReady();
  await until(() => s.face.getStatus().modelsLoaded, 'face models to load', 60_000, 100);
  return s;
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'erasure-shred-'));
  services = await start();
}, 120_000);
afterAll(async () => {
  await services?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** Every 24-byte window of `needle` at a 12-byte stride: a fragment of it in a page is found too. */
function containsAnyPiece(haystack: Buffer, needle: Buffer): boolean {
  for (let i = 0; i + 24 <= needle.length; i += 12) if (haystack.includes(needle.subarray(i, i + 24))) return true;
  return false;
}

describe('erasure by crypto-shredding', () => {
  it('leaves nothing of the face that can be read, anywhere, and a restored old backup keeps the member erased', async () => {
    const s = services!;
    const memberId = s.db.prepare("SELECT id FROM members WHERE status = 'active' ORDER BY id LIMIT 1").pluck().get() as string;
    const enrolled = await s.face.enrollFromPhotos(memberId, [photo('barack-obama__portrait-2012.jpg')]);
    expect(enrolled.templatesAdded).toBeGreaterThan(0);

    // What the member's face data is, read the way an attacker with the data folder would.
    const deviceKey = Buffer.from(fs.readFileSync(path.join(dataDir, 'keys', 'face-templates.key'), 'utf8').trim(), 'base64');
    const vaultFile = path.join(dataDir, 'keys', 'face-vault.sqlite');
    const wrapped = readWrapped(vaultFile, memberId);
    expect(wrapped).not.toBeNull();
    const memberKey = openBytes(deviceKey, wrapped!, `member-kiosk/face/member-key\u0000${memberId}`);
    expect(memberKey?.length).toBe(32);
    const sealedRows = s.db.prepare('SELECT sealed FROM face_templates WHERE member_id = ?').pluck().all(memberId) as Buffer[];
    expect(sealedRows.length).toBeGreaterThan(0);
    const modelVersion = s.face.getStatus().modelVersion!;
    const aad = `member-kiosk/face/member-sealed\u0000${memberId}\u0000member-kiosk/face/template\u0000${memberId}\u0000${modelVersion}`;
    const templates = sealedRows.map((sealed) => openBytes(memberKey!, sealed, aad));
    expect(templates.every((t) => t !== null && t.length === 512)).toBe(true);

    const key = loadOrCreateBackupKey(dataDir);
    const oldBackup = await createBackup({ db: s.db, dataDir, config: s.config, now: new Date('2026-11-22T01:00:00Z'), key });

    s.membershipApi.applyErasure(memberId);
    expect(s.db.prepare('SELECT status FROM members WHERE id = ?').pluck().get(memberId)).toBe('erased');
    const afterBackup = await createBackup({ db: s.db, dataDir, config: s.config, now: new Date('2026-11-22T03:00:00Z'), key });

    const secrets: Array<[string, Buffer]> = [
      ['wrapped member key', wrapped!],
      ['member key', memberKey!],
      ...templates.map((t, i): [string, Buffer] => [`template ${i} (plaintext)`, t!]),
    ];
    const sealed: Array<[string, Buffer]> = sealedRows.map((r, i) => [`sealed template ${i}`, r]);
    const decryptedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'erasure-shred-backups-'));
    try {
      const found: string[] = [];
      const look = (where: string, bytes: Buffer, what: Array<[string, Buffer]>) => {
        for (const [name, needle] of what) if (containsAnyPiece(bytes, needle)) found.push(`${name} in ${where}`);
      };
      // The live files: database (free pages included), WAL, vault, keys, logs, backups as stored.
      for (const file of filesUnder(dataDir)) look(path.relative(dataDir, file), fs.readFileSync(file), [...secrets, ...sealed]);
      look('log lines', Buffer.from(log.lines.join('\n')), [...secrets, ...sealed]);
      // Every backup, decrypted with the backup key.
      for (const b of listBackups(backupDir(dataDir, s.config))) {
        const plain = path.join(decryptedDir, `${b.fileName}.sqlite`);
        await decryptBackup(b.file, key, plain);
        const bytes = fs.readFileSync(plain);
        look(`backup ${b.fileName} (decrypted)`, bytes, b.fileName === afterBackup.fileName ? [...secrets, ...sealed] : secrets);
      }
      expect(found).toEqual([]);

      // The old backup still has the sealed rows, but no key in the vault opens them.
      const oldPlain = path.join(decryptedDir, `${oldBackup.fileName}.sqlite`);
      const old = new Database(oldPlain, { readonly: true });
      const oldRows = old.prepare('SELECT sealed FROM face_templates WHERE member_id = ?').pluck().all(memberId) as Buffer[];
      old.close();
      expect(oldRows.length).toBe(sealedRows.length);
      expect(readWrapped(vaultFile, memberId)).toBeNull();
      for (const otherWrapped of allWrapped(vaultFile)) {
        const k = openBytes(deviceKey, otherWrapped.wrapped, `member-kiosk/face/member-key\u0000${otherWrapped.memberId}`);
        for (const row of oldRows) expect(k ? openBytes(k, row, aad) : null).toBeNull();
      }
    } finally {
      fs.rmSync(decryptedDir, { recursive: true, force: true });
    }

    // Restore the backup made before the erasure: the member stays erased, with no face data.
    await services!.close();
    services = null;
    await restoreBackup({ backupFile: oldBackup.file, dbFile: path.join(dataDir, 'store.sqlite'), key });
    services = await start();
    expect(services.db.prepare('SELECT status FROM members WHERE id = ?').pluck().get(memberId)).toBe('erased');
    expect(services.db.prepare('SELECT count(*) FROM face_templates WHERE member_id = ?').pluck().get(memberId)).toBe(0);
    expect(services.face.countTemplates(memberId)).toBe(0);
    const seen = await services.face.identifyPhoto(photo('barack-obama__congress-2009.jpg'));
    expect(seen.match?.memberId ?? null).not.toBe(memberId);
  }, 240_000);
});

function readWrapped(vaultFile: string, memberId: string): Buffer | null {
  const v = new Database(vaultFile, { readonly: true });
  try {
    return (v.prepare('SELECT wrapped FROM member_keys WHERE member_id = ?').pluck().get(memberId) as Buffer | undefined) ?? null;
  } finally {
    v.close();
  }
}

function allWrapped(vaultFile: string): Array<{ memberId: string; wrapped: Buffer }> {
  const v = new Database(vaultFile, { readonly: true });
  try {
    return v.prepare('SELECT member_id AS memberId, wrapped FROM member_keys').all() as Array<{ memberId: string; wrapped: Buffer }>;
  } finally {
    v.close();
  }
}
